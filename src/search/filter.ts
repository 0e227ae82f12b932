/** Library filters and sorting, pure: rows in, ordered keys out. */
import type { ItemKind } from '../extract/types';
import type { PostKey, PostRow } from '../storage/types';
import type { ZhihuState } from '../storage/watch-types';

export interface Filters {
  author: string;
  topic: string;
  kind: ItemKind | '';
  tag: string;
  /** Saved-date range, epoch ms, inclusive; null = open. */
  from: number | null;
  to: number | null;
  incomplete: boolean;
  revised: boolean;
  /** The post's Zhihu state as the watch last saw it (issue #17); '' = any, checked or not. */
  zhihu: ZhihuState | '';
}

export const NO_FILTERS: Filters = { author: '', topic: '', kind: '', tag: '', from: null, to: null, incomplete: false, revised: false, zhihu: '' };

export function isFiltering(f: Filters): boolean {
  return Boolean(f.author || f.topic || f.kind || f.tag || f.from !== null || f.to !== null || f.incomplete || f.revised || f.zhihu);
}

export function makePredicate(f: Filters, tagsOf: (key: PostKey) => readonly string[], zhihuOf: (key: PostKey) => ZhihuState | undefined = () => undefined): (row: PostRow) => boolean {
  const author = f.author.trim().toLowerCase();
  const topic = f.topic.trim().toLowerCase();
  return (r) => {
    const m = r.meta;
    if (author && !r.author.toLowerCase().includes(author)) return false;
    if (topic && !m.topics.some((t) => t.toLowerCase().includes(topic))) return false;
    if (f.kind && m.kind !== f.kind) return false;
    if (f.from !== null && m.savedAt < f.from) return false;
    if (f.to !== null && m.savedAt > f.to) return false;
    // "Incomplete" covers both a partial body and images still missing: both need the user's attention.
    if (f.incomplete && m.complete && m.missingImages.length === 0) return false;
    if (f.revised && !((m.revisionCount ?? 0) > 0)) return false;
    if (f.tag && !tagsOf(r.key).includes(f.tag)) return false;
    if (f.zhihu && zhihuOf(r.key) !== f.zhihu) return false;
    return true;
  };
}

/** Counts of each value, most frequent first: the suggestions of the author and topic fields. */
export function topValues(rows: Iterable<PostRow>, pick: (r: PostRow) => readonly string[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const v of pick(r)) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([v]) => v);
}
