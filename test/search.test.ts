// The pure search layer: exact substring matching for Chinese, all terms required, filters.
import { describe, expect, it } from 'vitest';
import { isFiltering, makePredicate, NO_FILTERS, topValues } from '../src/search/filter';
import { parseQuery } from '../src/search/query';
import { SearchRun } from '../src/search/search-run';
import { gramSignature, termGrams } from '../src/search/signature';
import { SignatureIndex } from '../src/search/signature-index';
import type { PostRow } from '../src/storage/types';

describe('exact search: signatures, then the candidates\' texts', () => {
  const texts = new Map([
    ['answer:1', '量子力学的基本原理\n张三\n薛定谔方程描述了波函数'],
    ['answer:2', '力学与热学\n李四\n经典力学'],
    ['article:3', 'kotlin compose\n王五\nList { }'],
  ]);
  const sigs = new SignatureIndex();
  sigs.set([...texts].map(([key, text]) => ({ key, sig: gramSignature(text) })));
  const search = async (q: string, order = [...texts.keys()]): Promise<string[]> => {
    const terms = parseQuery(q);
    const run = new SearchRun(terms, sigs.candidates(order, termGrams(terms)), async (keys) => keys.map((k) => texts.get(k)));
    await run.firstHits(1);
    await run.rest(1, async () => true);
    return run.hits;
  };

  it('matches Chinese substrings exactly, where segmenters miss words', async () => {
    expect(await search('力学')).toEqual(['answer:1', 'answer:2']);
    expect(await search('量子力学')).toEqual(['answer:1']);
  });

  it('requires every space-separated term, case-insensitively', async () => {
    expect(await search('Kotlin  王五')).toEqual(['article:3']);
    expect(await search('力学　李四')).toEqual(['answer:2']);
  });

  it('keeps the order it is given and skips posts that are gone', async () => {
    expect(await search('力学', ['answer:2', 'answer:9', 'answer:1'])).toEqual(['answer:2', 'answer:1']);
  });

  it('checks a post without a signature (not loaded yet, or restored) against its text', async () => {
    sigs.delete(['answer:2']);
    expect(await search('经典')).toEqual(['answer:2']);
  });

  it('stops at the first screen, then finds the rest', async () => {
    const many = new Map<string, string>(Array.from({ length: 300 }, (_, i) => [`answer:${i}`, i % 3 ? '的' : '无']));
    const run = new SearchRun(['的'], [...many.keys()], async (keys) => keys.map((k) => many.get(k)));
    await run.firstHits(10);
    expect(run.hits.length).toBeGreaterThanOrEqual(10);
    expect(run.done).toBe(false);
    expect(await run.rest(50, async () => true)).toBe(true);
    expect(run.hits.length).toBe(200);
    const cancelled = new SearchRun(['的'], [...many.keys()], async (keys) => keys.map((k) => many.get(k)));
    expect(await cancelled.rest(50, async () => false)).toBe(false);
    expect(cancelled.done).toBe(false);
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
