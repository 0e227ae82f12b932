// Shared by the backup scenarios (export.ts, import.ts): the library they seed (10,000 posts and
// 2,000 incompressible images), a heap sampler over the page and its workers, and one backup export
// to a file on disk.
import type { CDPSession, Page } from '@playwright/test';
import type { WorkerHeaps } from './worker-heaps';

export const MB = 1024 * 1024;
export const IMAGE_BYTES = 100 * 1024;

// Seeded with the e2e tests' own writer (one module for it).
export { seedImages } from '../e2e/support/seed-images';

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
