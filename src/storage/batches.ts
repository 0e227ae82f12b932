/**
 * Batch rows in IndexedDB. A fetched page's items and the cursor that follows it are written in ONE
 * transaction: after a crash either both are there (the page is never fetched again) or neither.
 */
import { db } from './db';
import { addTag } from './library';
import type { PostKey } from './types';
import type { BatchItemRow, BatchRow, BatchState } from './batch-types';

export type NewBatchItem = Pick<BatchItemRow, 'key' | 'item' | 'raw' | 'state' | 'reason'>;

export async function getBatch(id: string): Promise<BatchRow | undefined> {
  return db().batches.get(id);
}

export async function batchesIn(state: BatchState): Promise<BatchRow[]> {
  return db().batches.where('state').equals(state).toArray();
}

/** A new batch with the page's own items; an earlier finished batch of the same source is replaced. */
export async function createBatch(row: BatchRow, items: NewBatchItem[]): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, async () => {
    await d.batchItems.where('[batchId+seq]').between([row.id, -Infinity], [row.id, Infinity]).delete();
    await d.batches.put(row);
    await appendItems(row.id, items, row.next, false);
  });
}

/**
 * Adds a page's items (skipping keys the batch already holds: a page and its first API page may
 * overlap) and moves the cursor to `next`, in one transaction.
 */
export async function appendPage(batchId: string, items: NewBatchItem[], next: string | null): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, () => appendItems(batchId, items, next, true));
}

async function appendItems(batchId: string, items: NewBatchItem[], next: string | null, countPage: boolean): Promise<void> {
  const d = db();
  const batch = await d.batches.get(batchId);
  if (!batch) throw new Error(`batch ${batchId} is gone`);
  let seq = batch.nextSeq;
  const counts = { ...batch.counts };
  for (const it of items) {
    const held = it.key.startsWith('unavailable:') ? undefined : await d.batchItems.where('[batchId+key]').equals([batchId, it.key]).first();
    if (held) {
      // The page held only an excerpt of it (a column's list cards): the API's whole object replaces it while not yet saved.
      if (held.state === 'pending' && held.item && !held.item.complete && held.item.incompleteReason !== 'paid' && it.raw) await d.batchItems.update([batchId, held.seq], { item: null, raw: it.raw });
      continue;
    }
    const key = it.key.startsWith('unavailable:') ? `unavailable:${seq}` : it.key;
    await d.batchItems.add({ ...it, key, batchId, seq, startedAt: Date.now() });
    if (it.state === 'unavailable') counts.unavailable++;
    seq++;
  }
  await d.batches.update(batchId, { nextSeq: seq, next, counts, pagesFetched: batch.pagesFetched + (countPage ? 1 : 0), updatedAt: Date.now() });
}

/** The API refused unsigned requests: from now on the question's page in `tabId` loads the answers. */
export async function switchToPage(batchId: string): Promise<void> {
  await db().batches.update(batchId, { driver: 'page', updatedAt: Date.now() });
}

/**
 * Answers the page rendered, handed over by the page driver; `end`: the page loads no more, so the batch
 * finishes once they are saved. Items and the end are written together, as a page and its cursor are.
 */
export async function appendRendered(batchId: string, items: NewBatchItem[], end: boolean): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, async () => {
    const batch = await d.batches.get(batchId);
    if (!batch) throw new Error(`batch ${batchId} is gone`);
    await appendItems(batchId, items, end ? null : batch.next, false);
    if (end) await d.batches.update(batchId, { driver: null });
  });
}

/**
 * Up to `limit` pending items after `afterSeq`, in list order: the next ones a run takes. Those it took
 * before (being saved, or saved with their outcome not yet written) have lower seqs.
 */
export async function pendingItemsAfter(batchId: string, afterSeq: number, limit: number): Promise<BatchItemRow[]> {
  return db().batchItems.where('[batchId+state]').equals([batchId, 'pending']).filter((r) => r.seq > afterSeq).limit(limit).toArray();
}

export async function pendingCount(batchId: string): Promise<number> {
  return db().batchItems.where('[batchId+state]').equals([batchId, 'pending']).count();
}

/** An item's outcome and the batch's counts move together. */
export async function finishItem(item: BatchItemRow, state: Exclude<BatchItemRow['state'], 'pending'>, reason: string | null): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, async () => {
    const batch = await d.batches.get(item.batchId);
    if (!batch) return;
    // A failed item keeps its capture, so the panel's retry saves it again without fetching its page again.
    await d.batchItems.update([item.batchId, item.seq], state === 'failed' ? { state, reason } : { state, reason, raw: null, item: null });
    await d.batches.update(item.batchId, { counts: { ...batch.counts, [state]: batch.counts[state] + 1 }, updatedAt: Date.now() });
  });
}

/** For rows of older builds (startedAt null): marked when their save begins, as those builds did. */
export async function markStarted(item: BatchItemRow, at: number): Promise<void> {
  await db().batchItems.update([item.batchId, item.seq], { startedAt: at });
}

export interface SavedOutcome {
  seq: number;
  key: PostKey;
  state: 'saved' | 'skipped';
}

/**
 * Saved and skipped items of a batch, its counts and its tag on their posts, in ONE transaction for many
 * items. Until it is written those items stay pending, and a resumed batch finds each post committed after
 * its startedAt: counted saved, nothing fetched again.
 */
export async function finishSaved(batchId: string, done: readonly SavedOutcome[]): Promise<void> {
  if (!done.length) return;
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, d.annotations, async () => {
    const batch = await d.batches.get(batchId);
    if (!batch) return;
    if (batch.tag) await addTag(done.map((o) => o.key), batch.tag);
    await d.batchItems.bulkUpdate(done.map((o) => ({ key: [batchId, o.seq], changes: { state: o.state, reason: null, raw: null, item: null } })));
    const counts = { ...batch.counts };
    for (const o of done) counts[o.state]++;
    await d.batches.update(batchId, { counts, updatedAt: Date.now() });
  });
}

export async function setBatchState(id: string, state: BatchState, reason: BatchRow['reason'], detail: string | null = null): Promise<void> {
  await db().batches.update(id, { state, reason, detail, updatedAt: Date.now() });
}

/**
 * The toolbar badge: items still to do in every running or paused batch, counting those of pages not yet
 * fetched when the page said how many there are. Null when nothing is unfinished; 0 when a batch is
 * unfinished but how much is left is unknown (its known items are done, its next page not yet fetched).
 */
export async function itemsLeft(): Promise<number | null> {
  const d = db();
  const live = await d.batches.where('state').anyOf('running', 'paused').toArray();
  if (!live.length) return null;
  let n = 0;
  for (const b of live) {
    const pending = await pendingCount(b.id);
    const c = b.counts;
    const unseen = b.next !== null && b.total !== null ? b.total - (c.saved + c.skipped + c.failed + c.unavailable + pending) : 0;
    n += pending + Math.max(0, unseen);
  }
  return n;
}

/** Running again, progress going to `tabId` when given (the tab that asked). */
export async function reopenBatch(id: string, tabId: number | null): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, async () => {
    const b = await d.batches.get(id);
    if (b) await d.batches.update(id, { state: 'running', reason: null, detail: null, tabId: tabId ?? b.tabId, updatedAt: Date.now() });
  });
}

/** The batches the library panel lists: unfinished first, then the newest finished ones. */
export async function recentBatches(limit: number): Promise<BatchRow[]> {
  const all = await db().batches.toArray();
  const live = (b: BatchRow): number => (b.state === 'running' || b.state === 'paused' ? 1 : 0);
  return all.sort((a, b) => live(b) - live(a) || b.updatedAt - a.updatedAt).slice(0, limit);
}

/** A batch's failed and unavailable items, in list order, for the panel's report. */
export async function missingItems(batchId: string, limit: number): Promise<BatchItemRow[]> {
  const d = db();
  const failed = await d.batchItems.where('[batchId+state]').equals([batchId, 'failed']).limit(limit).toArray();
  const gone = await d.batchItems.where('[batchId+state]').equals([batchId, 'unavailable']).limit(limit).toArray();
  return [...failed, ...gone].sort((a, b) => a.seq - b.seq).slice(0, limit);
}

/** Failed items become pending again (with the capture they kept) and the batch runs again, in one transaction. */
export async function requeueFailed(batchId: string, tabId: number | null): Promise<number> {
  const d = db();
  return d.transaction('rw', d.batches, d.batchItems, async () => {
    const b = await d.batches.get(batchId);
    if (!b) return 0;
    const failed = await d.batchItems.where('[batchId+state]').equals([batchId, 'failed']).toArray();
    const now = Date.now();
    for (const it of failed) await d.batchItems.update([batchId, it.seq], { state: 'pending', reason: null, startedAt: now });
    await d.batches.update(batchId, {
      state: 'running', reason: null, detail: null, tabId: tabId ?? b.tabId,
      counts: { ...b.counts, failed: b.counts.failed - failed.length }, updatedAt: Date.now(),
    });
    return failed.length;
  });
}
