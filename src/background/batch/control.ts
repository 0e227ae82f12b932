/** Start, resume and cancel (issue #14), as the router calls them after the sender and schema checks. */
import type { BatchStartRequest, BatchSummary } from '../../messaging/protocol';
import { batchIdOf, firstPageUrl, isQuestionFeedUrl } from '../../shared/batch-source';
import type { BatchRow } from '../../storage/batch-types';
import { createBatch, getBatch, pendingCount, reopenBatch, requeueFailed, setBatchState, type NewBatchItem } from '../../storage/batches';
import { postKey } from '../../storage/seed-shape';
import { UserFacingError } from '../errors';
import { loadBatchSettings, loadSettings } from '../settings';
import { safeNextUrl } from './paging';
import { summarize } from '../../shared/batch-text';
import { report, runBatch } from './engine';

/** A running or paused batch of the same source is continued, not restarted; a finished one starts over. */
export async function startBatch(req: BatchStartRequest, pageUrl: string, tabId: number | null, now = Date.now()): Promise<BatchSummary> {
  const id = batchIdOf(req.source);
  const existing = await getBatch(id);
  if (existing && (existing.state === 'running' || existing.state === 'paused')) {
    await resumeBatch(id, tabId);
    return summaryOf(id);
  }
  const next = req.source.kind === 'question' ? questionStart(req.next, req.source.id) : firstPageUrl(req.source);
  const settings = await loadBatchSettings();
  const label = req.name.trim().slice(0, 100);
  const tag = settings.batchTags && label && (req.source.kind === 'collection' || req.source.kind === 'column') ? `${req.source.kind === 'collection' ? '收藏夹' : '专栏'}:${label}` : null;
  const row: BatchRow = {
    id, source: req.source, pageUrl, tag, topics: req.topics, next, pagesFetched: 0, state: 'running', reason: null, detail: null, total: req.total,
    counts: { saved: 0, skipped: 0, failed: 0, unavailable: 0 }, nextSeq: 0, tabId, createdAt: now, updatedAt: now,
    comments: (await loadSettings()).saveComments,
  };
  const items: NewBatchItem[] = req.items.map((item) => ({ key: postKey(item), item, raw: null, state: 'pending', reason: null }));
  await createBatch(row, items);
  void runBatch(id);
  return summaryOf(id);
}

/** The page's own next link; a link to anything but this question's feeds is refused, not followed. */
function questionStart(next: string | null, questionId: string): string | null {
  if (next === null || next === '') return null;
  const url = safeNextUrl(next);
  if (!url || !isQuestionFeedUrl(url, questionId)) throw new UserFacingError('invalid', 'not this question\'s feed');
  return url;
}

export async function resumeBatch(id: string, tabId: number | null): Promise<BatchSummary | null> {
  const b = await getBatch(id);
  if (!b) return null;
  if (b.state === 'paused' || b.state === 'running') {
    await reopenBatch(id, tabId);
    void runBatch(id);
  }
  return summaryOf(id);
}

/** The library panel's 暂停: stops after the items in hand, resumable like any pause. */
export async function pauseBatch(id: string): Promise<BatchSummary | null> {
  const b = await getBatch(id);
  if (!b) return null;
  if (b.state === 'running') await setBatchState(id, 'paused', 'user');
  await report(id);
  return summaryOf(id);
}

/** The panel's 重试: the failed items go again, in a batch that may have finished already. */
export async function retryBatch(id: string): Promise<BatchSummary | null> {
  const b = await getBatch(id);
  if (!b) return null;
  if (b.state !== 'cancelled' && (await requeueFailed(id, null)) > 0) void runBatch(id);
  return summaryOf(id);
}

/** Stops after the items in hand: each commit is whole or absent, never half (commit.ts). */
export async function cancelBatch(id: string): Promise<BatchSummary | null> {
  const b = await getBatch(id);
  if (!b) return null;
  if (b.state === 'running' || b.state === 'paused') await setBatchState(id, 'cancelled', null);
  await report(id);
  return summaryOf(id);
}

export async function summaryOf(id: string): Promise<BatchSummary> {
  const b = await getBatch(id);
  if (!b) throw new Error(`batch ${id} is gone`);
  return summarize(b, await pendingCount(id));
}
