/**
 * Runs outbox jobs: new saves at once, and whatever a killed worker left behind when it wakes
 * (at start-up and on the outbox alarm). One run per job at a time.
 */
import type { CapturedItem } from '../extract/types';
import type { SaveResult } from '../messaging/protocol';
import { discardJob, dueJobs, getJob, nextDueAt, OUTBOX_ALARM, PARKED_AT, putJob, saveJobId } from '../storage/outbox';
import { postKey } from '../storage/seed-shape';
import type { OutboxRow } from '../storage/types';
import { UserFacingError, isQuotaError } from './errors';
import { beginRun, endFailedRun, withStallBudget } from './poison';
import { runRetry } from './run-retry';
import { runSave, type ImageSlots, type Progress } from './run-save';
import { loadSettings } from './settings';
import { syncSoon } from '../sync/schedule';

export { OUTBOX_ALARM };
const running = new Map<string, Promise<SaveResult | null>>();

/** Makes the capture durable first, then runs it; `slots`: download slots shared with other saves (a batch's). */
export async function submitSave(item: CapturedItem, onProgress: Progress, now = Date.now(), slots?: ImageSlots): Promise<SaveResult> {
  const key = postKey(item);
  const id = saveJobId(key);
  // One save of a key at a time (two clicks, or a click on an item a batch is saving): wait until none runs, then
  // take the slot with no await between the look and the claim, so two callers cannot both get through.
  while (running.has(id)) await waitFor(id);
  // Put already counted as its first run (the poison rule, poison.ts): the same row beginRun would make of it, in one write instead of three.
  const started = Date.now();
  const job: OutboxRow = { id, kind: 'save', key, item, pending: [...new Set(item.images)], attempts: 1, startedAt: started, nextAttemptAt: now, createdAt: now };
  const result = await run(job, onProgress, slots, true, async () => {
    try {
      await putJob(job);
    } catch (e) {
      throw isQuotaError(e) ? new UserFacingError('quota', 'disk full') : e;
    }
  });
  if (!result) throw new Error('save did not finish');
  // 自动同步: 30 s after the last save (sync/schedule.ts).
  void syncSoon().catch(() => undefined);
  return result;
}

/** Whether a key's save is still waiting in the outbox (the worker may have died mid-save). */
export async function isSavePending(key: OutboxRow['key']): Promise<boolean> {
  const job = await getJob(saveJobId(key));
  // A parked job waits for the user (popup): asking for a status must not run it again.
  if (!job || job.nextAttemptAt === PARKED_AT) return false;
  if (!running.has(job.id)) void run(job, () => undefined);
  return true;
}

export async function processDue(now = Date.now()): Promise<void> {
  for (const job of await dueJobs(now)) {
    if (!running.has(job.id)) await run(job, () => undefined).catch((e: unknown) => console.warn('[zhihu-offline] job failed', job.id, e));
  }
  await scheduleAlarm();
}

async function waitFor(id: string): Promise<void> {
  await running.get(id)?.catch(() => undefined);
}

/** `first`: what must happen before the job runs, already in its slot (submitSave's put of the job). */
function run(job: OutboxRow, onProgress: Progress, slots?: ImageSlots, counted = false, first?: () => Promise<void>): Promise<SaveResult | null> {
  const p = (async () => {
    await first?.();
    return execute(job, onProgress, slots, counted);
  })().finally(() => {
    running.delete(job.id);
    alarmSoon();
  });
  running.set(job.id, p);
  return p;
}

async function execute(job: OutboxRow, onProgress: Progress, slots?: ImageSlots, alreadyCounted = false): Promise<SaveResult | null> {
  const settings = await loadSettings();
  if (job.kind === 'retry-images') {
    await runRetry(job, settings).catch((e: unknown) => onQuota(job, e));
    return null;
  }
  // The poison rule (poison.ts): counted before it runs, watched while it runs, parked after its last run.
  const counted = alreadyCounted ? job : await beginRun(job, Date.now());
  try {
    return await withStallBudget((progress) =>
      runSave(counted, settings, (done, total) => {
        progress();
        onProgress(done, total);
      }, Date.now, slots),
    );
  } catch (e) {
    if (!isQuotaError(e)) await endFailedRun(counted, e, Date.now());
    return onQuota(job, e);
  }
}

async function onQuota(job: OutboxRow, e: unknown): Promise<never> {
  if (!isQuotaError(e)) throw e;
  // A full disk will not fix itself in a retry loop: drop the job and what it stored, keep the library as it was.
  await discardJob(job);
  throw new UserFacingError('quota', 'disk full');
}

const ALARM_COALESCE_MS = 200;
let alarmPass: Promise<void> | null = null;
let alarmStale = false;

/**
 * Jobs ending in a row (a batch ends dozens a second) share one alarm update, 200 ms after the first:
 * a pass is followed by one more only if a job ended meanwhile, never by one per job. A worker stopped before the pass
 * loses nothing: at start it runs whatever is due (processDue).
 */
function alarmSoon(): void {
  alarmStale = true;
  alarmPass ??= (async () => {
    while (alarmStale) {
      await new Promise((r) => setTimeout(r, ALARM_COALESCE_MS));
      alarmStale = false;
      await scheduleAlarm().catch((e: unknown) => console.warn('[zhihu-offline] outbox alarm not set', e));
    }
  })().finally(() => (alarmPass = null));
}

async function scheduleAlarm(): Promise<void> {
  const due = await nextDueAt();
  if (due === null) await chrome.alarms.clear(OUTBOX_ALARM);
  else await chrome.alarms.create(OUTBOX_ALARM, { when: Math.max(due, Date.now() + 1_000) });
}
