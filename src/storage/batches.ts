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
    await d.batchItems.add({ ...it, key, batchId, seq, startedAt: null });
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

export async function nextPendingItem(batchId: string): Promise<BatchItemRow | undefined> {
  return db().batchItems.where('[batchId+state]').equals([batchId, 'pending']).first();
}

export async function pendingCount(batchId: string): Promise<number> {
  return db().batchItems.where('[batchId+state]').equals([batchId, 'pending']).count();
}

export async function markStarted(item: BatchItemRow, at: number): Promise<void> {
  await db().batchItems.update([item.batchId, item.seq], { startedAt: at });
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

/** A saved or skipped item, with the batch's tag on its post, in one transaction (one commit instead of two per item). */
export async function finishTagged(item: BatchItemRow, state: 'saved' | 'skipped', key: PostKey, tag: string | null): Promise<void> {
  const d = db();
  await d.transaction('rw', d.batches, d.batchItems, d.annotations, async () => {
    if (tag) await addTag([key], tag);
    await finishItem(item, state, null);
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
    for (const it of failed) await d.batchItems.update([batchId, it.seq], { state: 'pending', reason: null, startedAt: null });
    await d.batches.update(batchId, {
      state: 'running', reason: null, detail: null, tabId: tabId ?? b.tabId,
      counts: { ...b.counts, failed: b.counts.failed - failed.length }, updatedAt: Date.now(),
    });
    return failed.length;
  });
}
