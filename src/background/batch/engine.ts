/**
 * Runs batches (issue #14): save the items already known, then fetch the next page Zhihu named, until it
 * says `is_end`. Everything it knows is in IndexedDB first (storage/batches.ts), so it can stop anywhere
 * and `resumeBatches` (worker start, alarm) goes on from the same place. Each item takes the click-save
 * path (queue.submitSave: outbox, images, one commit), so it is the same record; a few items are saved at
 * once, their images 4 at a time together, and their outcomes written several in one transaction.
 */
import * as v from 'valibot';
import type { CapturedItem } from '../../extract/types';
import type { BatchProgressEvent } from '../../messaging/protocol';
import type { BatchItemRow, BatchReason, BatchRow } from '../../storage/batch-types';
import { appendPage, batchesIn, finishItem, finishSaved, getBatch, itemsLeft, markStarted, pendingCount, pendingItemsAfter, reopenBatch, setBatchState, switchToPage, type SavedOutcome } from '../../storage/batches';
import { getPost } from '../../storage/posts';
import type { PostKey } from '../../storage/types';
import { summarize } from '../../shared/batch-text';
import { sameSource, sourceFromUrl } from '../../shared/batch-source';
import { needsComments, saveComments } from '../comments/save-comments';
import { isQuotaError } from '../errors';
import { submitSave } from '../queue';
import { ImageSlots } from '../run-save';
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

/** Starts (or joins) the run of a batch in this worker; resolves once it has stopped, with any run asked for meanwhile. */
export function runBatch(id: string): Promise<void> {
  const current = running.get(id);
  if (current) {
    again.add(id);
    return current;
  }
  const p = (async () => {
    try {
      do {
        await loop(id).catch(async (e: unknown) => {
          console.warn('[zhihu-offline] batch stopped', id, e);
          await pause(id, isQuotaError(e) ? 'quota' : 'unexpected', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
        });
      } while (again.delete(id));
    } finally {
      // In the same step as the last look at `again`: a run asked for from now on starts anew.
      running.delete(id);
      void updateBadge();
    }
  })();
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

/**
 * Items a batch saves at once. Nothing in an item's save asks Zhihu's API (its images come from the image
 * servers, through the batch's 4 shared slots), so while one item waits for the tab's normalizer, an image
 * or its commit, the next ones go on. With comments on, one at a time: their requests can pause the batch.
 */
const ITEMS_AT_ONCE = 4;

/** The items of a run being saved, by seq; the first error any of them threw stops the run. */
class ItemsInFlight {
  private readonly items = new Map<number, Promise<void>>();
  private error: { e: unknown } | null = null;

  get size(): number {
    return this.items.size;
  }

  start(seq: number, work: Promise<void>): void {
    const tracked = work
      .catch((e: unknown) => {
        this.error ??= { e };
      })
      .finally(() => this.items.delete(seq));
    this.items.set(seq, tracked);
  }

  /** Resolves once one of them has ended. */
  async one(): Promise<void> {
    await Promise.race(this.items.values());
    this.check();
  }

  /** Resolves once all have ended, whatever they did. */
  async settle(): Promise<void> {
    while (this.items.size) await Promise.all(this.items.values());
  }

  check(): void {
    if (this.error) throw this.error.e;
  }
}

/**
 * Saved and skipped items whose outcome is not written yet: written together (storage finishSaved), before
 * each progress report and when a run ends. What a stopped worker did not write is found again on resume.
 */
class Outcomes {
  private done: SavedOutcome[] = [];

  constructor(private readonly batchId: string) {}

  add(o: SavedOutcome): void {
    this.done.push(o);
  }

  async flush(): Promise<void> {
    const done = this.done;
    this.done = [];
    await finishSaved(this.batchId, done);
  }
}

/** What the items of one run share: the image slots and the outcomes to write. */
interface Run {
  slots: ImageSlots;
  outcomes: Outcomes;
}

async function loop(id: string): Promise<void> {
  const inFlight = new ItemsInFlight();
  const run: Run = { slots: new ImageSlots(), outcomes: new Outcomes(id) };
  try {
    await drive(id, inFlight, run);
  } finally {
    // Paused, cancelled or stopped by an error: the items in hand end whole (commit.ts) before the run does.
    await inFlight.settle();
    await run.outcomes.flush();
  }
  inFlight.check();
  await report(id);
}

/** Items read from IndexedDB at once: the run takes them in list order. */
const WINDOW = 20;

async function drive(id: string, inFlight: ItemsInFlight, run: Run): Promise<void> {
  let reported = 0;
  let window: BatchItemRow[] = [];
  let lastSeq = -1;
  for (;;) {
    inFlight.check();
    const batch = await getBatch(id);
    if (!batch || batch.state !== 'running') return;
    await zhihu.whenNoClick();
    if (inFlight.size >= (batch.comments ? 1 : ITEMS_AT_ONCE)) {
      await inFlight.one();
      continue;
    }
    if (!window.length) window = await pendingItemsAfter(id, lastSeq, WINDOW);
    const item = window.shift();
    if (item) {
      lastSeq = item.seq;
      inFlight.start(item.seq, saveOne(batch, item, run));
    } else if (batch.driver !== 'page' && batch.next) {
      // Every item known is done or in hand: the next page is asked for meanwhile. When all are done, say so
      // before waiting for it (reports are otherwise throttled).
      if (!inFlight.size) {
        await run.outcomes.flush();
        await report(id);
        reported = Date.now();
      }
      if (!(await fetchPage(batch, batch.next))) return;
    } else if (inFlight.size) {
      await inFlight.one();
      continue;
    } else if (batch.driver === 'page') {
      // The question's tab loads the rest (page-driver.ts); its next answers run this loop again.
      await run.outcomes.flush();
      await report(id);
      if (await ensurePageDriver(batch)) watchDriverTabs();
      else await pause(id, 'no-tab');
      return;
    } else {
      await run.outcomes.flush();
      await setBatchState(id, 'done', null);
      return;
    }
    if (Date.now() - reported >= REPORT_EVERY_MS) {
      await run.outcomes.flush();
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

async function saveOne(batch: BatchRow, row: BatchItemRow, run: Run): Promise<void> {
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
  if (saved && row.startedAt !== null && saved.meta.savedAt >= row.startedAt) return tagAndFinish(batch, row, key, 'saved', run);
  // Unchanged on Zhihu since it was saved: nothing fetched, no revision.
  if (saved && item.updatedAt !== null && saved.meta.updatedAt === item.updatedAt && saved.meta.complete === item.complete) return tagAndFinish(batch, row, key, 'skipped', run);
  // Rows of older builds: the start is marked before the save, as they did.
  if (row.startedAt === null) await markStarted(row, Date.now());
  try {
    await submitSave(item, () => undefined, Date.now(), run.slots);
  } catch (e) {
    if (isQuotaError(e) || (e instanceof Error && e.message === 'disk full')) throw e;
    return finishItem(row, 'failed', e instanceof Error ? e.message.slice(0, 200) : 'failed');
  }
  await tagAndFinish(batch, row, key, 'saved', run);
}

/** What a click-save on the batch's page would add from the page: the question's topics. */
function withPageContext(item: CapturedItem, batch: BatchRow): CapturedItem {
  return item.topics.length || !batch.topics.length ? item : { ...item, topics: [...batch.topics] };
}

async function tagAndFinish(batch: BatchRow, row: BatchItemRow, key: PostKey, state: 'saved' | 'skipped', run: Run): Promise<void> {
  if (batch.comments && !(await commentsOf(batch, row, key))) return;
  run.outcomes.add({ seq: row.seq, key, state });
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
