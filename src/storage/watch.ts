/**
 * The watch's rows (issue #17): checks and their items (resumable like batches, storage/batches.ts) and
 * each post's Zhihu state. An item's outcome, the check's counts and the post's state are written in ONE
 * transaction: after a stop, either all three say the item was checked or none does.
 */
import { db } from './db';
import type { PostKey } from './types';
import { STATE_RANK, type WatchCounts, type WatchItemOutcome, type WatchItemRow, type WatchRunRow, type ZhihuState, type ZhihuStateRow } from './watch-types';

/** Posts the watch can ask Zhihu about: those with Zhihu's own id (an imported seed post has a hash instead). */
export const CHECKABLE_KEY = /^(answer|article|pin):\d{1,25}$/;

/** The keys of every saved post Zhihu can be asked about, or of those of `keys` that are saved and checkable. */
export async function checkableKeys(keys: readonly PostKey[] | null): Promise<PostKey[]> {
  const d = db();
  const all = keys === null ? ((await d.posts.toCollection().primaryKeys()) as PostKey[]) : (await d.posts.bulkGet([...keys])).flatMap((r) => (r ? [r.key] : []));
  return all.filter((k) => CHECKABLE_KEY.test(k));
}

/** A new check with its items, in one transaction: it is resumable from its first request on. */
export async function createRun(run: WatchRunRow, keys: readonly PostKey[]): Promise<void> {
  const d = db();
  await d.transaction('rw', d.watchRuns, d.watchItems, async () => {
    await d.watchRuns.put(run);
    await d.watchItems.bulkAdd(keys.map((key, seq) => ({ runId: run.id, seq, key, state: 'pending', outcome: null, raw: null, reason: null })));
  });
}

export async function getRun(id: string): Promise<WatchRunRow | undefined> {
  return db().watchRuns.get(id);
}

/** The check that is running or paused, if any: there is at most one. */
export async function unfinishedRun(): Promise<WatchRunRow | undefined> {
  return db().watchRuns.where('state').anyOf('running', 'paused').first();
}

export async function runsIn(state: WatchRunRow['state']): Promise<WatchRunRow[]> {
  return db().watchRuns.where('state').equals(state).toArray();
}

/** The newest checks, newest first: the library panel shows the last one's report. */
export async function recentRuns(limit: number): Promise<WatchRunRow[]> {
  return db().watchRuns.orderBy('createdAt').reverse().limit(limit).toArray();
}

export async function nextPendingWatchItem(runId: string): Promise<WatchItemRow | undefined> {
  return db().watchItems.where('[runId+state]').equals([runId, 'pending']).first();
}

export async function pendingWatchCount(runId: string): Promise<number> {
  return db().watchItems.where('[runId+state]').equals([runId, 'pending']).count();
}

export async function setRunState(id: string, state: WatchRunRow['state'], reason: WatchRunRow['reason'], detail: string | null = null): Promise<void> {
  const now = Date.now();
  await db().watchRuns.update(id, { state, reason, detail, updatedAt: now, finishedAt: state === 'done' || state === 'cancelled' ? now : null });
}

/** An edited item's API object, kept so a resume saves it without asking Zhihu again. */
export async function keepRaw(item: WatchItemRow, raw: Record<string, unknown>): Promise<void> {
  await db().watchItems.update([item.runId, item.seq], { raw });
}

export interface Finding {
  state: ZhihuState;
  textHash: string | null;
  questionDeleted?: boolean;
}

/**
 * The item is done: its outcome, the check's counts and (when Zhihu answered) the post's state, together.
 * `since` stays when the state is the one seen before, so 已删除 keeps the day it was first seen.
 */
export async function finishWatchItem(item: WatchItemRow, outcome: WatchItemOutcome, finding: Finding | null, opts: { reason?: string | null; resaved?: boolean; now?: number } = {}): Promise<void> {
  const d = db();
  const now = opts.now ?? Date.now();
  await d.transaction('rw', d.watchRuns, d.watchItems, d.zhihuStates, async () => {
    const run = await d.watchRuns.get(item.runId);
    if (!run) return;
    await d.watchItems.update([item.runId, item.seq], { state: 'done', outcome, raw: null, reason: opts.reason ?? null });
    const counts: WatchCounts = { ...run.counts };
    if (outcome === 'unreachable') counts.unreachable++;
    else if (outcome !== 'gone-from-library') {
      counts.checked++;
      counts[outcome]++;
    }
    if (opts.resaved) counts.resaved++;
    await d.watchRuns.update(item.runId, { counts, updatedAt: now });
    if (finding) {
      const before = await d.zhihuStates.get(item.key);
      const row: ZhihuStateRow = {
        key: item.key,
        state: finding.state,
        rank: STATE_RANK[finding.state],
        since: before && before.state === finding.state ? before.since : now,
        checkedAt: now,
        // A deleted or hidden item sends no text: the last one seen stays the reference.
        textHash: finding.textHash ?? before?.textHash ?? null,
        ...(finding.questionDeleted ? { questionDeleted: true } : {}),
      };
      await d.zhihuStates.put(row);
    }
  });
}

export async function getZhihuState(key: PostKey): Promise<ZhihuStateRow | undefined> {
  return db().zhihuStates.get(key);
}

/** Every post's state: small rows (no text), loaded by the library like its tags. */
export async function allZhihuStates(): Promise<ZhihuStateRow[]> {
  return db().zhihuStates.toArray();
}

/** Keys by Zhihu state: deleted first, then hidden, paid, edited, visible; newest change first within each. */
export async function keysByZhihuState(): Promise<PostKey[]> {
  return (await db().zhihuStates.orderBy('[rank+since]').reverse().primaryKeys()) as PostKey[];
}
