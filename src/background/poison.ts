/**
 * The poison-job rule (issue 19 item 6). A save job is deleted only by the commit that finishes it, so
 * a capture that makes every run fail, stall, or kill the worker (a quadratic text pass did: 18 s for
 * 560 KB, ~24 min at the 5 MB cap) would run again at every worker start, forever. So each run is
 * counted before it starts, a run may go SAVE_STALL_MS without progress, and after SAVE_MAX_RUNS runs
 * that did not finish the job is parked: out of the queue, capture kept, shown in the popup with the
 * reason, until the user retries or discards it.
 */
import { getJob, parkJob, PARKED_AT, recordFailure, startAttempt } from '../storage/outbox';
import type { OutboxRow, ParkReason } from '../storage/types';
import { retryDelay } from './retry-policy';

/** Runs of one save before it is parked. One killed worker mid-save must resume (docs/faults.md), so more than 2. */
export const SAVE_MAX_RUNS = 3;
/** Longest a save may go without progress (an image stored, or the commit): far above a 5 MB commit (< 1 s). */
export const SAVE_STALL_MS = 3 * 60_000;

export class ParkedError extends Error {
  constructor(readonly reason: ParkReason) {
    super(`save parked: ${reason}`);
  }
}

/**
 * Counts the run that is about to start and returns the stored job to run, or parks the job (and
 * throws ParkedError) when it already had its runs. Runs that threw left `lastError`; runs that did
 * not (the worker died or hung in them) did not, which tells the two reasons apart.
 */
export async function beginRun(job: OutboxRow, now: number): Promise<OutboxRow> {
  const stored = (await getJob(job.id)) ?? job;
  if (stored.nextAttemptAt === PARKED_AT) throw new ParkedError(stored.parked?.reason ?? 'failing');
  if (stored.attempts >= SAVE_MAX_RUNS) {
    const reason: ParkReason = stored.lastError && !stored.lastError.startsWith(STALLED) ? 'failing' : 'stalled';
    await parkJob(job.id, reason, stored.lastError ?? `${stored.attempts} runs did not finish`, now);
    throw new ParkedError(reason);
  }
  await startAttempt(job.id, stored.attempts + 1, now);
  return { ...stored, attempts: stored.attempts + 1, startedAt: now };
}

/** After a run threw: try again later with backoff, or park the job when this was its last run. */
export async function endFailedRun(job: OutboxRow, error: unknown, now: number): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (job.attempts >= SAVE_MAX_RUNS) await parkJob(job.id, error instanceof StallError ? 'stalled' : 'failing', message, now);
  else await recordFailure(job.id, message, now + retryDelay(job.attempts - 1));
}

const STALLED = 'stalled:';

export class StallError extends Error {
  constructor(ms: number) {
    super(`${STALLED} no progress for ${Math.round(ms / 1000)} s`);
  }
}

/**
 * `run` with a watchdog: rejects with StallError when `SAVE_STALL_MS` pass without a call to the
 * returned `progress`. A synchronous stall blocks the timer too; then the browser ends the worker, and
 * the count of runs in beginRun parks the job at a later start.
 */
export function withStallBudget<T>(run: (progress: () => void) => Promise<T>, stallMs = SAVE_STALL_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<T>((resolve, reject) => {
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new StallError(stallMs)), stallMs);
    };
    arm();
    run(arm).then(resolve, reject);
  }).finally(() => clearTimeout(timer));
}
