// An imported file never overwrites the library silently: a post from the future is refused, both
// versions of a changed post are kept and named in the report, and no note is lost.
import { describe, expect, it } from 'vitest';
import { NOTE_SEPARATOR, resolveConflict } from '../src/import/conflict';
import { planImport } from '../src/import/plan';
import { MAX_REVISIONS } from '../src/shared/limits';
import { samplePost } from './fixtures-export/posts';

const NOW = Date.UTC(2026, 11, 4);

describe('importing over the library', () => {
  const mine = samplePost({ note: '我自己的笔记', tags: ['mine'] });

  it('refuses a post whose times lie in the future (it would win every conflict), and leaves the stored one', () => {
    const hostile = { ...mine, content: '<p>替换</p>', note: '', meta: { ...mine.meta, updatedAt: 8.64e15 } };
    const plan = planImport([hostile], new Map([[mine.key, mine]]), NOW);
    expect(plan.put).toEqual([]);
    expect(plan.report).toEqual({ imported: 0, skipped: [{ name: hostile.title, reason: 'future_time' }], replaced: [] });
    const inRevision = { ...mine, content: '<p>x</p>', revisions: [{ key: mine.key, savedAt: 1, replacedAt: NOW + 3 * 86_400_000, title: 't', content: 'c', updatedAt: null }] };
    expect(planImport([inRevision], new Map(), NOW).report.skipped).toEqual([{ name: mine.title, reason: 'future_time' }]);
    // Within a day of the clock is a clock difference, not an attack.
    const soon = { ...mine, key: 'answer:2' as typeof mine.key, meta: { ...mine.meta, savedAt: NOW + 3_600_000 } };
    expect(planImport([soon], new Map(), NOW).put).toHaveLength(1);
  });

  it('keeps both versions and both notes, and names the post in the report', () => {
    const theirs = { ...mine, content: '<p>更新后的回答</p>', note: '别人的笔记', tags: ['theirs'], meta: { ...mine.meta, updatedAt: (mine.meta.updatedAt ?? 0) + 1000 } };
    const plan = planImport([theirs], new Map([[mine.key, mine]]), NOW);
    const kept = plan.put[0]!;
    expect(kept.content).toBe('<p>更新后的回答</p>');
    expect(kept.revisions?.map((r) => r.content)).toEqual([mine.content]);
    expect(kept.note).toBe(`我自己的笔记\n\n${NOTE_SEPARATOR}\n别人的笔记`);
    expect(kept.tags?.sort()).toEqual(['mine', 'theirs']);
    expect(plan.report.replaced).toEqual([{ name: mine.title, kept: 'incoming' }]);
    // The older file's version loses, but is kept, and so is its note.
    const older = { ...theirs, meta: { ...mine.meta, updatedAt: (mine.meta.updatedAt ?? 0) - 1000 } };
    const back = planImport([older], new Map([[mine.key, mine]]), NOW);
    expect(back.put[0]!.content).toBe(mine.content);
    expect(back.put[0]!.note).toContain('我自己的笔记');
    expect(back.put[0]!.note).toContain('别人的笔记');
    expect(back.report.replaced).toEqual([{ name: mine.title, kept: 'existing' }]);
  });

  it('keeps a note that only one side has, and one note once when both agree', () => {
    expect(resolveConflict(mine, { ...mine, note: undefined }).keep.note).toBe('我自己的笔记');
    expect(resolveConflict({ ...mine, note: undefined }, mine).keep.note).toBe('我自己的笔记');
    expect(resolveConflict(mine, mine).keep.note).toBe('我自己的笔记');
  });

  it('keeps at most MAX_REVISIONS versions from both sides: the first and the newest', () => {
    const rev = (i: number) => ({ key: mine.key, savedAt: 1000 + i, replacedAt: 1001 + i, title: 't', content: `<p>${i}</p>`, updatedAt: null });
    const many = { ...mine, content: '<p>new</p>', revisions: Array.from({ length: 80 }, (_, i) => rev(i)), meta: { ...mine.meta, updatedAt: (mine.meta.updatedAt ?? 0) + 1 } };
    const kept = resolveConflict(mine, many).keep.revisions ?? [];
    expect(kept).toHaveLength(MAX_REVISIONS);
    expect(kept[0]!.content).toBe('<p>0</p>');
  });
});
