// Shared by the backup scenarios (export.ts, import.ts): the library they seed (10,000 posts and
// 2,000 incompressible images), a heap sampler over the page and its workers, and one backup export
// to a file on disk.
import type { CDPSession, Page } from '@playwright/test';
import type { WorkerHeaps } from './worker-heaps';

export const MB = 1024 * 1024;
export const IMAGE_BYTES = 100 * 1024;

/** `count` incompressible 100 KiB "PNGs", one per post of the first `count`, written 20 per transaction. */
export async function seedImages(page: Page, count: number, size = IMAGE_BYTES): Promise<void> {
  await page.evaluate(async ({ count, size }) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const done = (tx: IDBTransaction): Promise<void> => new Promise((res, rej) => {
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    const urls: string[] = [];
    for (let i = 0; i < count; i += 20) {
      const tx = db.transaction('images', 'readwrite');
      for (let j = i; j < Math.min(count, i + 20); j++) {
        const bytes = new Uint8Array(size);
        // getRandomValues fills at most 64 KiB per call.
        for (let k = 0; k < size; k += 65536) crypto.getRandomValues(bytes.subarray(k, Math.min(size, k + 65536)));
        bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const url = `https://pic1.zhimg.com/v2-bench${j}_720w.png`;
        urls.push(url);
        tx.objectStore('images').put({ url, blob: new Blob([bytes], { type: 'image/png' }), type: 'image/png', size, storedAt: 1 });
      }
      await done(tx);
      await new Promise((r) => setTimeout(r, 0)); // let GC run between Blob batches (docs/performance-notes.md §2.4)
    }
    const tx = db.transaction(['posts', 'postImages'], 'readwrite');
    const cursor = tx.objectStore('posts').openCursor();
    let n = 0;
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || n >= urls.length) return;
      const post = c.value as { key: string; meta: { images: string[] } };
      const url = urls[n++]!;
      c.update({ ...post, meta: { ...post.meta, images: [url] } });
      tx.objectStore('postImages').put({ key: post.key, url });
      c.continue();
    };
    await done(tx);
    db.close();
  }, { count, size });
}

export interface HeapSampler {
  stop: () => Promise<{ peak: number; workerPeak: number }>;
}

/** Peak of the page's JS heap plus its workers', sampled every 100 ms until stopped. */
export async function heapSampler(cdp: CDPSession, workers: WorkerHeaps, extra: () => Promise<number> = () => Promise.resolve(0)): Promise<HeapSampler> {
  await cdp.send('Performance.enable');
  let peak = 0;
  let workerPeak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const [{ metrics }, inWorkers, more] = await Promise.all([cdp.send('Performance.getMetrics'), workers.used(), extra()]);
      peak = Math.max(peak, (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) + inWorkers + more);
      workerPeak = Math.max(workerPeak, inWorkers + more);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { peak, workerPeak };
    },
  };
}

/** One backup export to a download kept at `path`. */
export async function exportBackupFile(page: Page, path: string): Promise<void> {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('input[name="format"][value="backup"]').check();
  await page.locator('input[name="dest"][value="download"]').check();
  const download = page.waitForEvent('download', { timeout: 600_000 });
  await page.locator('#export-start').click();
  await (await download).saveAs(path);
}
