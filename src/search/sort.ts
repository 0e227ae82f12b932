/**
 * The library's other orders, made from rows already in memory: reading a second index's 50,000
 * keys took 560 ms in the bench (issue #18), sorting the loaded rows takes a few tens of ms.
 * The order is the index's, reversed: highest first, ties by key descending, and posts without the
 * value (not indexed) last, newest saved first.
 */
import type { PostKey, PostRow } from '../storage/types';

export type MetaSortField = 'createdAt' | 'voteCount';

/** `bySaved` re-ordered by `field`; null when a row is missing (the caller then reads the index). */
export function sortedBy(bySaved: readonly PostKey[], rows: ReadonlyMap<PostKey, PostRow>, field: MetaSortField): PostKey[] | null {
  const valued: { key: PostKey; value: number }[] = [];
  const rest: PostKey[] = [];
  for (const key of bySaved) {
    const row = rows.get(key);
    if (!row) return null;
    const value = row.meta[field];
    if (typeof value === 'number') valued.push({ key, value });
    else rest.push(key);
  }
  valued.sort((a, b) => b.value - a.value || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  return valued.map((v) => v.key).concat(rest);
}
