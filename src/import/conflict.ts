/**
 * Conflict policy when an imported post has the same key as a stored one: keep the newer
 * version (by meta.updatedAt, then meta.savedAt) and keep the other as a revision, so an
 * import never silently loses text. Revisions and tags of both sides are merged; when both
 * sides have a different note, both texts are kept, the user's own first. (The plan refuses
 * posts whose times lie in the future, which would win every conflict: plan.ts.)
 */
import type { BackupPost, Revision } from '../backup/format';
import { keptRevisions } from '../shared/limits';

export interface ConflictOutcome {
  keep: BackupPost;
  /** The version that lost, as a revision (null when both are the same text). */
  revision: Revision | null;
  /** Which side won, for the import report. */
  winner: 'existing' | 'incoming';
}

const stamp = (p: BackupPost): [number, number] => [p.meta.updatedAt ?? p.meta.savedAt, p.meta.savedAt];

function isNewer(a: BackupPost, b: BackupPost): boolean {
  const [au, as] = stamp(a);
  const [bu, bs] = stamp(b);
  return au !== bu ? au > bu : as > bs;
}

const asRevision = (p: BackupPost, replacedAt: number): Revision => ({
  key: p.key,
  savedAt: p.meta.savedAt,
  replacedAt,
  title: p.title,
  content: p.content,
  updatedAt: p.meta.updatedAt,
});

function mergeRevisions(lists: (Revision[] | undefined)[], extra: Revision | null): Revision[] | undefined {
  const all = [...lists.flatMap((l) => l ?? []), ...(extra ? [extra] : [])];
  const unique = new Map(all.map((r) => [`${r.savedAt}\u0000${r.title}\u0000${r.content}`, r]));
  const merged = keptRevisions([...unique.values()].sort((a, b) => a.savedAt - b.savedAt));
  return merged.length ? merged : undefined;
}

/** Never loses a note: equal or one-sided notes stay as they are, two different ones are both kept. */
export function joinedNotes(own: string | undefined, incoming: string | undefined): string | undefined {
  if (!own || !incoming || own === incoming || own.includes(incoming)) return own || incoming || undefined;
  // A note that already holds ours (a sync brings back the joined note another device made): take it as is.
  if (incoming.includes(own)) return incoming;
  return `${own}\n\n${NOTE_SEPARATOR}\n${incoming}`;
}
/** Between the user's own note and an imported one: language-neutral, since this module is pure. */
export const NOTE_SEPARATOR = '———— ⇩ ————';

export function resolveConflict(existing: BackupPost, incoming: BackupPost): ConflictOutcome {
  // On a tie the stored copy stays: re-importing the same backup changes nothing.
  const winner = isNewer(incoming, existing) ? 'incoming' : 'existing';
  const [keep, other] = winner === 'incoming' ? [incoming, existing] : [existing, incoming];
  const same = keep.title === other.title && keep.content === other.content;
  const revision = same ? null : asRevision(other, keep.meta.savedAt);
  // One side's tags holding the other's: that side's order. Each side adding its own: sorted, so two devices
  // joining the same tags write the same post and a sync settles (issue #16).
  const union = [...new Set([...(keep.tags ?? []), ...(other.tags ?? [])])];
  const tags = union.length === (keep.tags?.length ?? 0) ? union : union.length === (other.tags?.length ?? 0) ? [...(other.tags ?? [])] : union.sort();
  const merged: BackupPost = { ...keep };
  const revisions = mergeRevisions([keep.revisions, other.revisions], revision);
  if (revisions) merged.revisions = revisions;
  if (tags.length) merged.tags = tags;
  const note = joinedNotes(existing.note, incoming.note);
  if (note) merged.note = note;
  return { keep: merged, revision, winner };
}
