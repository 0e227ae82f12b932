/**
 * Runs a check of the watch (issue #17): one saved item after another, each asked of Zhihu through the
 * one scheduler (src/background/zhihu-fetch.ts) in the watch's own lane, at batch save's pace, after any
 * click-save, with the same retries and the same pauses (zhihu-ask.ts). What a check knows is in IndexedDB
 * before it asks (storage/watch.ts), so it stops anywhere and goes on from the first item not done.
 *
 * An edited item is saved again through the click-save path (queue.submitSave → commitPost), which keeps
 * the earlier version as a revision; with *mark only, keep mine* it is only marked. A deleted, hidden or
 * now-paid item is never touched: only its Zhihu state is written.
 */
import type { CapturedItem } from '../../extract/types';
import { db } from '../../storage/db';
import { getPost } from '../../storage/posts';
import type { PostKey, PostRow } from '../../storage/types';
import { finishWatchItem, getRun, getZhihuState, keepRaw, nextPendingWatchItem, runsIn, setRunState } from '../../storage/watch';
import type { WatchItemRow, WatchRunRow } from '../../storage/watch-types';
import type { BatchReason } from '../../storage/batch-types';
import { batchesIn } from '../../storage/batches';
import { watchUrl } from '../../shared/zhihu-api';
import { NoZhihuTabError, normalizeObject } from '../batch/normalize';
import { isQuotaError } from '../errors';
import { submitSave } from '../queue';
import { zhihu } from '../zhihu';
import { askWithRetries, pauseReason } from '../zhihu-ask';
import { judge } from './verdict';

/** The scheduler lane of every check: one request at a time, paced, however many checks are asked for. */
export const WATCH_LANE = 'watch';
/**
 * A batch the user started goes first, as a click does: the check waits between items while one runs, so
 * the extension never asks Zhihu for a batch and a check at once.
 */
const BATCH_WAIT_MS = 5_000;

const running = new Map<string, Promise<void>>();
let onChange: () => void = () => undefined;

/** The schedule (schedule.ts) keeps its alarm in step with whether a check runs. */
export function onRunChange(listener: () => void): void {
  onChange = listener;
}

/** Starts (or joins) the run of a check in this worker. */
export function runWatch(id: string): Promise<void> {
  const current = running.get(id);
  if (current) return current;
  const p = loop(id)
    .catch(async (e: unknown) => {
      console.warn('[zhihu-offline] watch stopped', id, e);
      await pause(id, isQuotaError(e) ? 'quota' : 'unexpected', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    })
    .finally(() => {
      running.delete(id);
      onChange();
    });
  running.set(id, p);
  onChange();
  return p;
}

/** Worker start and the alarm: a check that was running when the worker stopped goes on. */
export async function resumeWatches(): Promise<void> {
  for (const r of await runsIn('running')) void runWatch(r.id);
}

/** A Zhihu tab is open again: a check that waited for one to read an edited item goes on. */
export async function resumeWatchForTab(): Promise<void> {
  for (const r of await runsIn('paused')) {
    if (r.reason !== 'no-tab') continue;
    await setRunState(r.id, 'running', null);
    void runWatch(r.id);
  }
}

async function loop(id: string): Promise<void> {
  for (;;) {
    const run = await getRun(id);
    if (!run || run.state !== 'running') return;
    await zhihu.whenNoClick();
    if ((await batchesIn('running')).length) {
      await new Promise((r) => setTimeout(r, BATCH_WAIT_MS));
      continue;
    }
    const item = await nextPendingWatchItem(id);
    if (!item) {
      await setRunState(id, 'done', null);
      return;
    }
    if (!(await checkOne(run, item))) return;
  }
}

async function pause(id: string, reason: BatchReason, detail: string | null = null): Promise<false> {
  const run = await getRun(id);
  if (run && run.state === 'running') await setRunState(id, 'paused', reason, detail?.slice(0, 300) ?? null);
  return false;
}

/** One item. False when the check paused (the item stays pending and is asked again on resume). */
async function checkOne(run: WatchRunRow, item: WatchItemRow): Promise<boolean> {
  const post = await getPost(item.key);
  if (!post) {
    await finishWatchItem(item, 'gone-from-library', null);
    return true;
  }
  // An edited item whose re-save waited (for a Zhihu tab, or a stopped worker): saved without asking again.
  if (item.raw) return resave(run, item, post, item.raw, (await getZhihuState(item.key))?.textHash ?? null);
  const { kind, id } = post.meta;
  const url = watchUrl(kind, id);
  if (!url) {
    await finishWatchItem(item, 'unreachable', null, { reason: 'no Zhihu id' });
    return true;
  }
  const outcome = await askWithRetries(
    () => zhihu.request(WATCH_LANE, url, async () => (await getRun(run.id))?.state === 'running'),
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  if (outcome.kind === 'dropped') return false;
  if (outcome.kind !== 'ok' && outcome.kind !== 'unexpected') return pause(run.id, pauseReason(outcome), outcome.detail);
  const last = await getZhihuState(item.key);
  const verdict = judge({ kind, id, updatedAt: post.meta.updatedAt, incompleteReason: post.meta.incompleteReason, lastTextHash: last?.textHash ?? null }, outcome);
  if (verdict.kind === 'unreachable') {
    await finishWatchItem(item, 'unreachable', null, { reason: verdict.detail.slice(0, 200) });
    return true;
  }
  if (verdict.state !== 'edited' || run.keepMine || !verdict.object) {
    await finishWatchItem(item, verdict.state, { state: verdict.state, textHash: verdict.textHash, questionDeleted: verdict.questionDeleted });
    return true;
  }
  // Kept before the save, so a stop between the save and the item's outcome resumes the save, not the question.
  await keepRaw(item, verdict.object);
  return resave(run, item, post, verdict.object, verdict.textHash);
}

/** Saves Zhihu's new version through the click-save path; the commit keeps the saved one as a revision. */
async function resave(run: WatchRunRow, item: WatchItemRow, post: PostRow, raw: Record<string, unknown>, textHash: string | null): Promise<boolean> {
  const edited = { state: 'edited' as const, textHash };
  let fresh: CapturedItem | null;
  try {
    fresh = await normalizeObject(raw, post.meta.sourceUrl, null);
  } catch (e) {
    if (e instanceof NoZhihuTabError) return pause(run.id, 'no-tab');
    await finishWatchItem(item, 'edited', edited, { reason: 'the tab answered something that is not a capture' });
    return true;
  }
  if (!fresh || fresh.id !== post.meta.id) {
    await finishWatchItem(item, 'edited', edited, { reason: 'nothing saveable' });
    return true;
  }
  // The API knows less about context than the page the post was saved from (question topics).
  const item2: CapturedItem = { ...fresh, topics: fresh.topics.length ? fresh.topics : post.meta.topics, question: fresh.question ?? post.meta.question };
  try {
    await submitSave(item2, () => undefined);
  } catch (e) {
    if (isQuotaError(e) || (e instanceof Error && e.message === 'disk full')) throw e;
    await finishWatchItem(item, 'edited', edited, { reason: e instanceof Error ? e.message.slice(0, 200) : 'save failed' });
    return true;
  }
  // Zhihu dated an edit that changed nothing we keep: the post is as Zhihu shows it, no revision was made.
  const revised = await revisedSince(item.key, run.createdAt);
  await finishWatchItem(item, revised ? 'edited' : 'visible', { state: revised ? 'edited' : 'visible', textHash }, { resaved: revised });
  return true;
}

/** Whether this check's re-save kept an earlier version (also when a stopped worker's outbox finished the save). */
async function revisedSince(key: PostKey, since: number): Promise<boolean> {
  return (await db().revisions.where('key').equals(key).filter((r) => r.replacedAt >= since).count()) > 0;
}
