// The pure search layer: exact substring matching for Chinese, all terms required, filters.
import { describe, expect, it } from 'vitest';
import { isFiltering, makePredicate, NO_FILTERS, topValues } from '../src/search/filter';
import { parseQuery } from '../src/search/query';
import { TextIndex } from '../src/search/text-index';
import type { PostRow } from '../src/storage/types';

describe('TextIndex', () => {
  const idx = new TextIndex();
  idx.add([
    { key: 'answer:1', text: '量子力学的基本原理\n张三\n薛定谔方程描述了波函数' },
    { key: 'answer:2', text: '力学与热学\n李四\n经典力学' },
    { key: 'article:3', text: 'kotlin compose\n王五\nList { }' },
  ]);

  it('matches Chinese substrings exactly, where segmenters miss words', () => {
    expect(idx.search('力学')).toEqual(new Set(['answer:1', 'answer:2']));
    expect(idx.search('量子力学')).toEqual(new Set(['answer:1']));
  });

  it('requires every space-separated term, case-insensitively', () => {
    expect(idx.search('Kotlin  王五')).toEqual(new Set(['article:3']));
    expect(idx.search('力学　李四')).toEqual(new Set(['answer:2']));
    expect(idx.search('')).toBeNull();
  });

  it('replaces a re-added text instead of duplicating it', () => {
    idx.add([{ key: 'answer:2', text: '热学' }]);
    expect(idx.size).toBe(3);
    expect(idx.search('经典')).toEqual(new Set());
  });

  it('narrows from the previous hits as the user types on, with the same results as a full scan', () => {
    const fresh = new TextIndex();
    fresh.add([
      { key: 'a', text: '量子力学' },
      { key: 'b', text: '量子纠缠' },
      { key: 'c', text: '力学' },
    ]);
    expect(fresh.search('量')).toEqual(new Set(['a', 'b']));
    expect(fresh.search('量子力')).toEqual(new Set(['a']));
    expect(fresh.search('力')).toEqual(new Set(['a', 'c']));
    expect(fresh.search('力 纠缠')).toEqual(new Set());
  });

  it('parses queries into unique lower-cased terms', () => {
    expect(parseQuery(' A a  b ')).toEqual(['a', 'b']);
  });
});

describe('filters', () => {
  const row = (over: Partial<PostRow['meta']>, author = '叶壮'): PostRow =>
    ({ key: 'answer:1', title: 't', categories: [], headimg: '', author, comments: false, date: '', thumbnail: '', meta: { kind: 'answer', topics: ['教育'], savedAt: 1000, complete: true, missingImages: [], revisionCount: 0, ...over } }) as unknown as PostRow;

  it('narrows by author, topic, kind, date, state and tag', () => {
    const none = (): string[] => [];
    expect(makePredicate({ ...NO_FILTERS, author: '叶' }, none)(row({}))).toBe(true);
    expect(makePredicate({ ...NO_FILTERS, topic: '历史' }, none)(row({}))).toBe(false);
    expect(makePredicate({ ...NO_FILTERS, kind: 'article' }, none)(row({}))).toBe(false);
    expect(makePredicate({ ...NO_FILTERS, from: 2000 }, none)(row({}))).toBe(false);
    expect(makePredicate({ ...NO_FILTERS, incomplete: true }, none)(row({ missingImages: ['x'] }))).toBe(true);
    expect(makePredicate({ ...NO_FILTERS, incomplete: true }, none)(row({}))).toBe(false);
    expect(makePredicate({ ...NO_FILTERS, revised: true }, none)(row({ revisionCount: 2 }))).toBe(true);
    expect(makePredicate({ ...NO_FILTERS, tag: '好文' }, () => ['好文'])(row({}))).toBe(true);
  });

  it('narrows by the Zhihu state the watch last saw; a post never checked has none', () => {
    const none = (): string[] => [];
    expect(isFiltering({ ...NO_FILTERS, zhihu: 'deleted' })).toBe(true);
    expect(makePredicate({ ...NO_FILTERS, zhihu: 'deleted' }, none, () => 'deleted')(row({}))).toBe(true);
    expect(makePredicate({ ...NO_FILTERS, zhihu: 'deleted' }, none, () => 'hidden')(row({}))).toBe(false);
    expect(makePredicate({ ...NO_FILTERS, zhihu: 'visible' }, none, () => undefined)(row({}))).toBe(false);
    expect(makePredicate(NO_FILTERS, none, () => undefined)(row({}))).toBe(true);
  });

  it('suggests the most frequent values first', () => {
    expect(topValues([row({}, 'a'), row({}, 'b'), row({}, 'b')], (r) => [r.author], 5)).toEqual(['b', 'a']);
  });
});
