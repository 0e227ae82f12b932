/** Pending work lives in IndexedDB, never only in memory: a killed worker resumes it on wake. */
import { jobImageUrls } from './image-refs';
import { db } from './db';
import { dropUnreferencedImages } from './images';
import type { OutboxRow, PostKey } from './types';

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
  const first = await db().outbox.orderBy('nextAttemptAt').first();
  return first?.nextAttemptAt ?? null;
}

/** Removes a job that cannot finish, and the images only it had stored. */
export async function discardJob(job: OutboxRow): Promise<void> {
  const d = db();
  await d.transaction('rw', d.outbox, d.images, d.postImages, async () => {
    await d.outbox.delete(job.id);
    await dropUnreferencedImages(jobImageUrls(job));
  });
}
