/**
 * One save job: images first (4 at a time, each stored as it arrives, the job's pending list
 * kept current), then the single commit. Safe to run again after a killed worker.
 */
import type { SaveResult } from '../messaging/protocol';
import { commitPost } from '../storage/commit';
import { storeImage, storedImageUrls } from '../storage/images';
import { putJob, retryJobId, setPending } from '../storage/outbox';
import { toPostRow } from '../storage/seed-shape';
import type { OutboxRow } from '../storage/types';
import { fetchImage, mapLimit } from './fetch-image';
import { downloadCandidates } from './image-source';
import { retryDelay } from './retry-policy';
import type { Settings } from './settings';

export type Progress = (done: number, total: number) => void;

const IMAGE_CONCURRENCY = 4;

export async function runSave(job: OutboxRow, settings: Settings, onProgress: Progress, now = Date.now): Promise<SaveResult> {
  const item = job.item;
  if (!item) throw new Error(`save job ${job.id} has no item`);
  const all = [...new Set(item.images)];
  const have = await storedImageUrls(all);
  const pending = new Set(all.filter((u) => !have.has(u)));
  let done = all.length - pending.size;
  onProgress(done, all.length);
  const failed: string[] = [];
  await mapLimit([...pending], IMAGE_CONCURRENCY, async (url) => {
    if (await downloadAndStore(url, settings, now())) {
      pending.delete(url);
      await setPending(job.id, [...pending]);
      onProgress(++done, all.length);
    } else failed.push(url);
  });
  const row = toPostRow(item, now(), failed);
  await commitPost(row, item.contentHtml, job.id, now());
  if (failed.length) await scheduleRetry(job, failed, now());
  return { key: row.key, images: all.length, missingImages: failed.length, complete: item.complete, incompleteReason: item.incompleteReason };
}

export async function downloadAndStore(url: string, settings: Settings, storedAt: number): Promise<boolean> {
  for (const candidate of downloadCandidates(url, settings.imageQuality)) {
    try {
      const blob = await fetchImage(candidate);
      // Stored under the URL the content refers to, whichever size was fetched.
      await storeImage({ url, blob, type: blob.type, size: blob.size, storedAt });
      return true;
    } catch (e) {
      console.warn('[zhihu-offline] image not saved', e instanceof Error ? e.message : e);
    }
  }
  return false;
}

async function scheduleRetry(job: OutboxRow, failed: string[], now: number): Promise<void> {
  await putJob({ id: retryJobId(job.key), kind: 'retry-images', key: job.key, pending: failed, attempts: 0, nextAttemptAt: now + retryDelay(0), createdAt: now });
}
