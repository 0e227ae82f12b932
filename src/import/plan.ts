/**
 * Turns validated incoming posts into what storage should write, applying the conflict
 * policy, and the report the UI shows: `{imported, skipped: [{name, reason}]}`.
 * Pure: storage reads the existing rows first and writes `put` in one transaction.
 */
import type { BackupPost } from '../backup/format';
import { FUTURE_SLACK_MS } from '../shared/limits';
import { resolveConflict } from './conflict';
import type { ImportReport } from './result';

export interface ImportPlan {
  put: BackupPost[];
  report: ImportReport;
}

/** Every time a post carries: one in the future would win every later conflict. */
function latestTime(p: BackupPost): number {
  const times = [p.meta.savedAt, p.meta.updatedAt, p.meta.createdAt, p.meta.firstSavedAt, ...(p.revisions ?? []).flatMap((r) => [r.savedAt, r.replacedAt, r.updatedAt])];
  return Math.max(...times.filter((t): t is number => typeof t === 'number'));
}

const revisionIds = (p: BackupPost): string[] => (p.revisions ?? []).map((r) => `${r.savedAt}\u0000${r.title}\u0000${r.content}`).sort();

function sameUserData(a: BackupPost, b: BackupPost): boolean {
  const tags = (p: BackupPost): string => [...(p.tags ?? [])].sort().join('\u0000');
  return tags(a) === tags(b) && (a.note ?? '') === (b.note ?? '') && revisionIds(a).join('\u0001') === revisionIds(b).join('\u0001');
}

/**
 * `existing` holds the stored versions of the incoming keys (others may be absent); `now` is the clock.
 * A file planned in chunks passes the same `seen` to each, so a key met in an earlier chunk is a duplicate.
 */
export function planImport(incoming: readonly BackupPost[], existing: ReadonlyMap<string, BackupPost>, now = Date.now(), seen = new Set<string>()): ImportPlan {
  const put: BackupPost[] = [];
  const skipped: ImportReport['skipped'] = [];
  const replaced: ImportReport['replaced'] = [];
  for (const post of incoming) {
    if (latestTime(post) > now + FUTURE_SLACK_MS) {
      skipped.push({ name: post.title, reason: 'future_time' });
      continue;
    }
    if (seen.has(post.key)) {
      skipped.push({ name: post.title, reason: 'duplicate_in_file' });
      continue;
    }
    seen.add(post.key);
    const stored = existing.get(post.key);
    if (!stored) {
      put.push(post);
      continue;
    }
    const outcome = resolveConflict(stored, post);
    // The same text as stored adds nothing unless it brings tags, a note or revisions the library lacks (a sync, issue #16).
    if (outcome.winner === 'existing' && outcome.revision === null && sameUserData(outcome.keep, stored)) {
      skipped.push({ name: post.title, reason: 'already_saved' });
      continue;
    }
    if (outcome.revision) replaced.push({ name: post.title, kept: outcome.winner });
    put.push(outcome.keep);
  }
  return { put, report: { imported: put.length, skipped, replaced } };
}
