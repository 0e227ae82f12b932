/** Pending work lives in IndexedDB, never only in memory: a killed worker resumes it on wake. */
import { jobImageUrls } from './image-refs';
import { db } from './db';
import { dropUnreferencedImages } from './images';
import type { OutboxRow, ParkReason, PostKey } from './types';

/** The worker's alarm for due jobs; pages set it too, to have a job they un-parked run soon. */
export const OUTBOX_ALARM = 'zo-outbox';

/**
 * A parked job's nextAttemptAt: never due (dueJobs asks for `<= now`), and the existing index finds
 * the parked ones for the popup without reading every job (each holds its whole capture).
 */
export const PARKED_AT = Number.MAX_SAFE_INTEGER;

export function saveJobId(key: PostKey): string {
  return `save:${key}`;
}

export function retryJobId(key: PostKey): string {
  return `retry:${key}`;
}

export async function putJob(job: OutboxRow): Promise<void> {
  await db().outbox.put(job);
}

export async function getJob(id: string): Promise<OutboxRow | undefined> {
  return db().outbox.get(id);
}

export async function dueJobs(now: number): Promise<OutboxRow[]> {
  return db().outbox.where('nextAttemptAt').belowOrEqual(now).toArray();
}

export async function nextDueAt(): Promise<number | null> {
  const first = await db().outbox.where('nextAttemptAt').below(PARKED_AT).first();
  return first?.nextAttemptAt ?? null;
}

/** Counts a run of a save before it starts, so a run that never ends (a stalled or killed worker) still counts. */
export async function startAttempt(id: string, attempts: number, now: number): Promise<void> {
  await db().outbox.update(id, { attempts, startedAt: now, lastError: undefined });
}

/** Records a failed run and when to try again. */
export async function recordFailure(id: string, error: string, nextAttemptAt: number): Promise<void> {
  await db().outbox.update(id, { lastError: error.slice(0, 500), nextAttemptAt });
}

/** Takes a job out of the queue for good, keeping its capture; only the user's retry or discard ends it. */
export async function parkJob(id: string, reason: ParkReason, detail: string, now: number): Promise<void> {
  await db().outbox.update(id, { nextAttemptAt: PARKED_AT, parked: { reason, at: now, detail: detail.slice(0, 500) } });
}

export async function parkedJobs(): Promise<OutboxRow[]> {
  return db().outbox.where('nextAttemptAt').equals(PARKED_AT).toArray();
}

/** The user's retry: the job is due now with a fresh count of attempts. */
export async function unparkJob(id: string, now: number): Promise<void> {
  await db().outbox.update(id, { nextAttemptAt: now, attempts: 0, parked: undefined, lastError: undefined, startedAt: undefined });
}

/** Removes a job that cannot finish, and the images only it had stored. */
export async function discardJob(job: OutboxRow): Promise<void> {
  const d = db();
  await d.transaction('rw', d.outbox, d.images, d.postImages, async () => {
    await d.outbox.delete(job.id);
    await dropUnreferencedImages(jobImageUrls(job));
  });
}
