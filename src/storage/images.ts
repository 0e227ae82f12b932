/** Image blobs, stored once per URL and shared by every post that uses them. */
import { jobImageUrls } from './image-refs';
import { db } from './db';
import { clearStage } from './import-stage';
import type { ImageRow } from './types';

/** Each image is stored as it arrives, so a killed worker does not download it again. */
export async function storeImage(row: ImageRow): Promise<void> {
  await db().images.put(row);
}

/**
 * The URLs a save need not download: stored from their URL before. Bytes an import brought do not
 * count: a file could pair any bytes with a zhimg URL, and a real capture must not inherit them.
 */
export async function storedImageUrls(urls: readonly string[]): Promise<Set<string>> {
  const rows = await db().images.bulkGet([...urls]);
  return new Set(rows.flatMap((r) => (r && r.origin !== 'import' ? [r.url] : [])));
}

export async function getImages(urls: readonly string[]): Promise<Map<string, Blob>> {
  const rows = await db().images.bulkGet([...urls]);
  const map = new Map<string, Blob>();
  rows.forEach((r, i) => {
    const url = urls[i];
    if (r && url) map.set(url, r.blob);
  });
  return map;
}

/** Deletes those of `urls` that no post and no pending job refers to. Run inside a transaction on images, postImages, outbox. */
export async function dropUnreferencedImages(urls: readonly string[]): Promise<number> {
  const d = db();
  const stillUsed = new Set(await d.postImages.where('url').anyOf([...urls]).toArray().then((rows) => rows.map((r) => r.url)));
  const pending = await d.outbox.toArray();
  for (const job of pending) for (const u of jobImageUrls(job)) stillUsed.add(u);
  const orphans = [...new Set(urls)].filter((u) => !stillUsed.has(u));
  await d.images.bulkDelete(orphans);
  return orphans.length;
}

/**
 * Stores images that arrived and records what the job still lacks, in one transaction: a
 * killed worker never refetches a stored image, nor believes it has one it lacks.
 */
export async function storeImagesForJob(rows: readonly ImageRow[], jobId: string, pending: readonly string[]): Promise<void> {
  const d = db();
  await d.transaction('rw', d.images, d.outbox, async () => {
    await d.images.bulkPut([...rows]);
    await d.outbox.update(jobId, { pending: [...pending] });
  });
}

/**
 * A Web Lock every running import holds (shared): the images it stores first are referenced by
 * nothing until its commit, so the sweep takes the lock exclusively and waits for imports to end.
 * The browser releases the lock of a page that dies, whose stored images are then true orphans.
 */
const IMPORT_LOCK = 'zo-import-images';

async function withImportLock<T>(mode: LockMode, work: () => Promise<T>): Promise<T> {
  // Absent where there is no Web Locks API (jsdom, fake-indexeddb tests): nothing else runs there.
  const locks = globalThis.navigator?.locks as LockManager | undefined;
  return locks ? locks.request(IMPORT_LOCK, { mode }, work) : work();
}

/**
 * Clears the posts dead imports staged (import-stage.ts), unless an import is running now: the lock
 * is then taken, and the stage left for a later start. Returns the rows cleared. Run when the worker
 * starts and when the 导出与导入 page opens; cheap when there is nothing (one count).
 */
export async function dropStaleStages(): Promise<number> {
  const locks = globalThis.navigator?.locks as LockManager | undefined;
  // Without the Web Locks API (fake-indexeddb tests) nothing else runs.
  if (!locks) return clearStage();
  return locks.request(IMPORT_LOCK, { mode: 'exclusive', ifAvailable: true }, (lock) => (lock ? clearStage() : 0));
}

/** Runs an import's writes so that the sweep cannot take the images it has stored but not yet committed. */
export function whileImporting<T>(work: () => Promise<T>): Promise<T> {
  return withImportLock('shared', work);
}

/**
 * Deletes blobs that no post and no pending job refers to: those a closed library tab never purged
 * after its undo window, or those of a job dropped on a full disk or an import whose page died.
 * Waits for running imports. Keys only: no blob is read. Clears what dead imports staged too.
 */
export async function sweepOrphanImages(): Promise<number> {
  const d = db();
  return withImportLock('exclusive', async () => {
    const swept = await d.transaction('rw', d.images, d.postImages, d.outbox, async () => {
      const used = new Set((await d.postImages.orderBy('url').uniqueKeys()).map(String));
      for (const job of await d.outbox.toArray()) for (const u of jobImageUrls(job)) used.add(u);
      const orphans = (await d.images.toCollection().primaryKeys()).filter((u) => !used.has(u));
      await d.images.bulkDelete(orphans);
      return orphans.length;
    });
    // The posts a dead import had staged (import-stage.ts): no import runs while the lock is ours.
    await clearStage();
    return swept;
  });
}
