/**
 * Runs batches (issue #14): save the items already known, then fetch the next page Zhihu named, until it
 * says `is_end`. Everything it knows is in IndexedDB first (storage/batches.ts), so it can stop anywhere
 * and `resumeBatches` (worker start, alarm) goes on from the same place. Each item takes the click-save
 * path (queue.submitSave: outbox, images 4 at a time, one commit), so it is the same record.
 */
import * as v from 'valibot';
import type { CapturedItem } from '../../extract/types';
import type { BatchProgressEvent } from '../../messaging/protocol';
import type { BatchItemRow, BatchReason, BatchRow } from '../../storage/batch-types';
import { appendPage, batchesIn, finishItem, finishTagged, getBatch, itemsLeft, markStarted, nextPendingItem, pendingCount, reopenBatch, setBatchState, switchToPage } from '../../storage/batches';
import { getPost } from '../../storage/posts';
import type { PostKey } from '../../storage/types';
import { summarize } from '../../shared/batch-text';
import { sameSource, sourceFromUrl } from '../../shared/batch-source';
import { needsComments, saveComments } from '../comments/save-comments';
import { isQuotaError } from '../errors';
import { submitSave } from '../queue';
import { zhihu } from '../zhihu';
import { askWithRetries, pauseReason } from '../zhihu-ask';
import { NoZhihuTabError, normalizeObject } from './normalize';
import { ensurePageDriver } from './page-driver';
import { readListPage } from './paging';

export const BATCH_ALARM = 'zo-batch';
const running = new Map<string, Promise<void>>();
/** Asked to run while running: the run goes round once more when it ends (new items may have come after its last look). */
const again = new Set<string>();
/** Progress goes out at most this often while items are saved (each report reads the batch and sets the badge). */
const REPORT_EVERY_MS = 250;

/** Starts (or joins) the run of a batch in this worker. */
export function runBatch(id: string): Promise<void> {
  const current = running.get(id);
  if (current) {
    again.add(id);
    return current;
  }
  const p = loop(id)
    .catch(async (e: unknown) => {
      console.warn('[zhihu-offline] batch stopped', id, e);
      await pause(id, isQuotaError(e) ? 'quota' : 'unexpected', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    })
    .finally(() => {
      running.delete(id);
      if (again.delete(id)) void runBatch(id);
      else void updateBadge();
    });
  running.set(id, p);
  void ensureAlarm();
  return p;
}

/** Worker start and the alarm: every batch that was running when the worker stopped goes on. */
export async function resumeBatches(): Promise<void> {
  const live = await batchesIn('running');
  for (const b of live) void runBatch(b.id);
  if (!live.length) await chrome.alarms.clear(BATCH_ALARM);
  await updateBadge();
}

/**
 * A Zhihu tab asked something (its badge lookup, sent by every Zhihu page with items once it is idle): batches
 * paused for want of a tab go on, with their progress sent to this tab. No message of its own, so no page
 * load wakes the worker just for this. A page-driven batch needs its own question's page, not any tab.
 */
export async function resumeWaitingForTab(tabId: number, tabUrl: string): Promise<void> {
  const shown = sourceFromUrl(tabUrl);
  for (const b of await batchesIn('paused')) {
    if (b.reason !== 'no-tab') continue;
    if (b.driver === 'page' && !(shown && sameSource(shown, b.source))) continue;
    await reopenBatch(b.id, tabId);
    void runBatch(b.id);
  }
}

/**
 * The tab a page-driven batch runs in was closed or loads another page: the batch looks again at once (it
 * pauses, or drives the reloaded question again) rather than at the next alarm. Listened to only while such
 * a batch runs, so no other tab's navigation ever wakes the worker.
 */
async function driverTabChanged(tabId: number): Promise<void> {
  const driven = (await batchesIn('running')).filter((b) => b.driver === 'page');
  if (!driven.length) return unwatchDriverTabs();
  for (const b of driven) if (b.tabId === tabId) void runBatch(b.id);
}

const onDriverTabRemoved = (tabId: number): void => void driverTabChanged(tabId).catch((e: unknown) => console.warn('[zhihu-offline] batch tab check failed', e));
const onDriverTabUpdated = (tabId: number, change: chrome.tabs.OnUpdatedInfo): void => {
  if (change.status === 'loading') onDriverTabRemoved(tabId);
};

function watchDriverTabs(): void {
  if (chrome.tabs.onRemoved.hasListener(onDriverTabRemoved)) return;
  chrome.tabs.onRemoved.addListener(onDriverTabRemoved);
  chrome.tabs.onUpdated.addListener(onDriverTabUpdated);
}

function unwatchDriverTabs(): void {
  chrome.tabs.onRemoved.removeListener(onDriverTabRemoved);
  chrome.tabs.onUpdated.removeListener(onDriverTabUpdated);
}

async function loop(id: string): Promise<void> {
  let reported = 0;
  for (;;) {
    const batch = await getBatch(id);
    if (!batch || batch.state !== 'running') return;
    await zhihu.whenNoClick();
    const item = await nextPendingItem(id);
    if (item) await saveOne(batch, item);
    else if (batch.driver === 'page') {
      // The question's tab loads the rest (page-driver.ts); its next answers run this loop again.
      await report(id);
      if (await ensurePageDriver(batch)) watchDriverTabs();
      else await pause(id, 'no-tab');
      return;
    } else if (batch.next) {
      // Every item known is done: say so before waiting for the next page (reports are otherwise throttled).
      await report(id);
      reported = Date.now();
      if (!(await fetchPage(batch, batch.next))) return;
    } else {
      await setBatchState(id, 'done', null);
      await report(id);
      return;
    }
    if (Date.now() - reported >= REPORT_EVERY_MS) {
      await report(id);
      reported = Date.now();
    }
  }
}

/** One page: its items and the cursor after it are stored together. False when the batch paused. */
async function fetchPage(batch: BatchRow, url: string): Promise<boolean> {
  const outcome = await askWithRetries(
    () => zhihu.request(batch.id, url, async () => (await getBatch(batch.id))?.state === 'running'),
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  if (outcome.kind === 'dropped') return false;
  if (outcome.kind === 'ok') {
    const page = readListPage(outcome.json);
    if (!page) return pause(batch.id, 'unexpected', 'not a list page');
    await appendPage(batch.id, page.items, page.next);
    return true;
  }
  console.warn('[zhihu-offline] batch request refused', batch.id, outcome.kind, outcome.detail);
  // Zhihu wants its own signature, which we never compute: a question's own page can load its answers instead.
  if (outcome.kind === 'verify' && outcome.unsigned && batch.source.kind === 'question' && batch.tabId !== null) {
    await switchToPage(batch.id);
    return true;
  }
  return pause(batch.id, pauseReason(outcome), outcome.detail);
}

async function pause(id: string, reason: BatchReason, detail: string | null = null): Promise<false> {
  const b = await getBatch(id);
  if (b && b.state === 'running') await setBatchState(id, 'paused', reason, detail?.slice(0, 300) ?? null);
  await report(id);
  return false;
}

async function saveOne(batch: BatchRow, row: BatchItemRow): Promise<void> {
  let item: CapturedItem | null;
  try {
    item = row.item ?? (row.raw ? await normalizeObject(row.raw, batch.pageUrl, batch.tabId) : null);
  } catch (e) {
    if (e instanceof NoZhihuTabError) {
      await pause(batch.id, 'no-tab');
      return;
    }
    if (e instanceof v.ValiError) return finishItem(row, 'failed', 'the tab answered something that is not a capture');
    throw e;
  }
  if (!item) return finishItem(row, 'unavailable', 'nothing saveable');
  if (row.raw) item = withPageContext(item, batch);
  const key = `${item.kind}:${item.id}` as PostKey;
  const saved = await getPost(key);
  if (saved && row.startedAt !== null && saved.meta.savedAt >= row.startedAt) return tagAndFinish(batch, row, key, 'saved');
  // Unchanged on Zhihu since it was saved: nothing fetched, no revision.
  if (saved && item.updatedAt !== null && saved.meta.updatedAt === item.updatedAt && saved.meta.complete === item.complete) return tagAndFinish(batch, row, key, 'skipped');
  await markStarted(row, Date.now());
  try {
    await submitSave(item, () => undefined);
  } catch (e) {
    if (isQuotaError(e) || (e instanceof Error && e.message === 'disk full')) throw e;
    return finishItem(row, 'failed', e instanceof Error ? e.message.slice(0, 200) : 'failed');
  }
  await tagAndFinish(batch, row, key, 'saved');
}

/** What a click-save on the batch's page would add from the page: the question's topics. */
function withPageContext(item: CapturedItem, batch: BatchRow): CapturedItem {
  return item.topics.length || !batch.topics.length ? item : { ...item, topics: [...batch.topics] };
}

async function tagAndFinish(batch: BatchRow, row: BatchItemRow, key: PostKey, state: 'saved' | 'skipped'): Promise<void> {
  if (batch.comments && !(await commentsOf(batch, row, key))) return;
  await finishTagged(row, state, key, batch.tag);
}

/**
 * The item's comments, in the batch's lane (paced with its pages). False when the batch paused: on
 * verification or login, as for a page, the item stays pending and a resume fetches its comments again.
 * Zhihu's other refusals leave the comments marked missing or partial and the batch goes on.
 */
async function commentsOf(batch: BatchRow, row: BatchItemRow, key: PostKey): Promise<boolean> {
  if (!(await needsComments(key, row.startedAt ?? 0))) return true;
  const thread = await saveComments(key, batch.id, async () => (await getBatch(batch.id))?.state === 'running');
  if (thread?.reason === 'verify' || thread?.reason === 'login') return pause(batch.id, thread.reason, `comments of ${key}`);
  return thread?.reason !== 'interrupted';
}

export async function report(id: string): Promise<void> {
  const b = await getBatch(id);
  if (!b) return;
  const event: BatchProgressEvent = { type: 'batch/progress', ...summarize(b, await pendingCount(id)) };
  if (b.tabId !== null) chrome.tabs.sendMessage(b.tabId, event, { frameId: 0 }).catch(() => undefined);
  await updateBadge();
}

/** The toolbar badge: items left in unfinished batches; `…` while an unfinished batch has more pages of unknown size. */
async function updateBadge(): Promise<void> {
  const left = await itemsLeft().catch(() => null);
  const text = left === null ? '' : left > 0 ? String(left) : '…';
  await chrome.action.setBadgeText({ text }).catch(() => undefined);
}

/** A stopped worker is woken by this alarm (worker start also resumes), until no batch runs. */
async function ensureAlarm(): Promise<void> {
  if (!(await chrome.alarms.get(BATCH_ALARM))) await chrome.alarms.create(BATCH_ALARM, { periodInMinutes: 1 });
}
