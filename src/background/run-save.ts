/**
 * One save job: images first (4 at a time, each stored as it arrives, the job's pending list
 * kept current), then the single commit. Safe to run again after a killed worker.
 */
import type { SaveResult } from '../messaging/protocol';
import { commitPost } from '../storage/commit';
import { storeImage, storedImageUrls } from '../storage/images';
import { putJob, retryJobId } from '../storage/outbox';
import { toPostRow } from '../storage/seed-shape';
import type { OutboxRow } from '../storage/types';
import { fetchImage, mapLimit } from './fetch-image';
import { ImageWriter } from './image-writer';
import { downloadCandidates } from './image-source';
import { retryDelay } from './retry-policy';
import type { SaveSettings as Settings } from './settings';

export type Progress = (done: number, total: number) => void;

const IMAGE_CONCURRENCY = 4;

/**
 * Download slots shared by several saves: a batch saves a few items at once, and their images together
 * stay 4 at a time, as one save's do.
 */
export class ImageSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size = IMAGE_CONCURRENCY) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await work();
    } finally {
      // The slot goes straight to the next waiter, or back to the pool.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export async function runSave(job: OutboxRow, settings: Settings, onProgress: Progress, now = Date.now, slots?: ImageSlots): Promise<SaveResult> {
  const item = job.item;
  if (!item) throw new Error(`save job ${job.id} has no item`);
  const all = [...new Set(item.images)];
  // Phases as User Timing measures in the worker: the bench splits a save's time with them (issue #18).
  const t0 = performance.now();
  const avatar = item.author.avatar;
  // One read for the content images and the avatar: a save is a hot path.
  const have = await storedImageUrls(avatar ? [...all, avatar] : all);
  const pending = new Set(all.filter((u) => !have.has(u)));
  const t1 = performance.mark('zo-save-looked-up').startTime;
  let done = all.length - pending.size;
  onProgress(done, all.length);
  // The avatar is the header's, not the content's: best effort, not counted and never a marker.
  const avatarStored = avatar && !all.includes(avatar) && !have.has(avatar) ? saveAvatar(avatar, settings, now, slots) : Promise.resolve();
  const writer = new ImageWriter(job.id, pending, (n) => onProgress((done += n), all.length));
  const failed: string[] = [];
  await mapLimit([...pending], IMAGE_CONCURRENCY, async (url) => {
    const blob = await (slots ? slots.run(() => downloadImage(url, settings)) : downloadImage(url, settings));
    if (blob) await writer.add({ url, blob, type: blob.type, size: blob.size, storedAt: now() });
    else failed.push(url);
  });
  await writer.drain();
  await avatarStored;
  const t2 = performance.mark('zo-save-images-stored').startTime;
  const row = toPostRow(item, now(), failed);
  await commitPost(row, item.contentHtml, job.id, now());
  const t3 = performance.now();
  performance.measure('zo-save-lookup', { start: t0, end: t1 });
  performance.measure('zo-save-images', { start: t1, end: t2 });
  performance.measure('zo-save-commit', { start: t2, end: t3 });
  if (failed.length) await scheduleRetry(job, failed, now());
  return { key: row.key, images: all.length, missingImages: failed.length, complete: item.complete, incompleteReason: item.incompleteReason };
}

/** The image's bytes, from the original or the display size; null when every candidate failed. */
export async function downloadImage(url: string, settings: Settings): Promise<Blob | null> {
  for (const candidate of downloadCandidates(url, settings.imageQuality)) {
    try {
      return await fetchImage(candidate);
    } catch (e) {
      console.warn('[zhihu-offline] image not saved', e instanceof Error ? e.message : e);
    }
  }
  return null;
}

/** Never rejects: a missing avatar only means the reader shows the author's initial. */
async function saveAvatar(url: string, settings: Settings, now: () => number, slots?: ImageSlots): Promise<void> {
  try {
    const blob = await (slots ? slots.run(() => downloadImage(url, settings)) : downloadImage(url, settings));
    if (blob) await storeImage({ url, blob, type: blob.type, size: blob.size, storedAt: now() });
  } catch (e) {
    console.warn('[zhihu-offline] avatar not saved', e instanceof Error ? e.message : e);
  }
}

/** Downloads one image and stores it under the URL the content refers to, whichever size was fetched. */
export async function downloadAndStore(url: string, settings: Settings, storedAt: number): Promise<boolean> {
  const blob = await downloadImage(url, settings);
  if (blob) await storeImage({ url, blob, type: blob.type, size: blob.size, storedAt });
  return blob !== null;
}

async function scheduleRetry(job: OutboxRow, failed: string[], now: number): Promise<void> {
  await putJob({ id: retryJobId(job.key), kind: 'retry-images', key: job.key, pending: failed, attempts: 0, nextAttemptAt: now + retryDelay(0), createdAt: now });
}
