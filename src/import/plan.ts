/**
 * Turns validated incoming posts into what storage should write, applying the conflict
 * policy, and the report the UI shows: `{imported, skipped: [{name, reason}]}`.
 * Pure: storage reads the existing rows first and writes `put` in one transaction.
 */
import type { BackupPost } from '../backup/format';
import { resolveConflict } from './conflict';
import type { ImportReport } from './result';

export interface ImportPlan {
  put: BackupPost[];
  report: ImportReport;
}

/** `existing` holds the stored versions of the incoming keys (others may be absent). */
export function planImport(incoming: readonly BackupPost[], existing: ReadonlyMap<string, BackupPost>): ImportPlan {
  const put: BackupPost[] = [];
  const skipped: ImportReport['skipped'] = [];
  const seen = new Set<string>();
  for (const post of incoming) {
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
    if (outcome.winner === 'existing' && outcome.revision === null) {
      skipped.push({ name: post.title, reason: 'already_saved' });
      continue;
    }
    put.push(outcome.keep);
  }
  return { put, report: { imported: put.length, skipped } };
}
