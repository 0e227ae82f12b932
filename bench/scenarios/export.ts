// Issue #6 budget: exporting 10,000 posts + 2,000 images streams, with ≤ 300 MB peak memory and
// ≥ 50 MB/s (measured here, never asserted; the median of 3 runs, the slowest shown beside it).
// Real Chromium, the built extension, the real 导出与导入 page and a real download (and, for Hexo,
// a file picked through the save picker). Memory is the page's JS heap (CDP Performance.getMetrics,
// JSHeapUsedSize) plus its ZIP worker's (Runtime.getHeapUsage), summed and sampled every 100 ms
// during the export; throughput is ZIP bytes / export time between the page's zo-export-start and
// zo-export-end marks; planning ends at zo-export-planned.
import type { CDPSession, Page } from '@playwright/test';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionUrl } from '../../e2e/support/extension-pages';
import { clearEveryStore } from '../../e2e/support/idb';
import { launchWithExtension } from '../../e2e/support/launch';
import { installOpfsPickers } from '../../e2e/support/opfs-pickers';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { seedPosts } from '../../e2e/support/seed-posts';
import type { Figures, Scenario } from '../types';
import { watchWorkerHeaps, type WorkerHeaps } from '../worker-heaps';

const POSTS = 10_000;
const IMAGES = 2_000;
const IMAGE_BYTES = 100 * 1024;
const TRANSFER = 'src/ui/transfer/transfer.html';
const MB = 1024 * 1024;
const ROUNDS = 3;

/** 2,000 incompressible 100 KiB "PNGs", one per post of the first 2,000, written 20 per transaction. */
async function seedImages(page: Page): Promise<void> {
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
  }, { count: IMAGES, size: IMAGE_BYTES });
}

async function heapSampler(cdp: CDPSession, workers: WorkerHeaps): Promise<{ stop: () => Promise<{ peak: number; workerPeak: number }> }> {
  await cdp.send('Performance.enable');
  let peak = 0;
  let workerPeak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const [{ metrics }, inWorkers] = await Promise.all([cdp.send('Performance.getMetrics'), workers.used()]);
      peak = Math.max(peak, (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) + inWorkers);
      workerPeak = Math.max(workerPeak, inWorkers);
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

/** Removes what a picker export wrote (support/opfs-pickers.ts puts it at the OPFS root). */
async function clearOpfs(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys: () => AsyncIterable<string> }).keys()) await root.removeEntry(name);
  });
}

async function exportOnce(page: Page, cdp: CDPSession, format: string, images: 'remote' | 'bundled', dest: 'download' | 'picker' = 'download'): Promise<{ ms: number; planMs: number; mb: number; peakMb: number; workerPeakMb: number; baseMb: number }> {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator(`input[name="format"][value="${format}"]`).check();
  await page.locator(`input[name="dest"][value="${dest}"]`).check();
  if (await page.locator('#image-options').isVisible()) await page.locator(`input[name="images"][value="${images}"]`).check();
  await cdp.send('Performance.enable'); // getMetrics answers 0 until then
  await cdp.send('HeapProfiler.collectGarbage');
  const base = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const sampler = await heapSampler(cdp, await watchWorkerHeaps(cdp));
  const download = dest === 'download' ? page.waitForEvent('download', { timeout: 600_000 }) : null;
  await page.locator('#export-start').click();
  await page.waitForSelector('body[data-export-state="done"]', { timeout: 600_000 });
  const { peak, workerPeak } = await sampler.stop();
  const { ms, planMs, bytes } = await page.evaluate(() => {
    const m = performance.measure('zo-export', 'zo-export-start', 'zo-export-end');
    const plan = performance.measure('zo-export-plan', 'zo-export-start', 'zo-export-planned');
    return { ms: m.duration, planMs: plan.duration, bytes: Number(document.body.dataset.exportBytes) };
  });
  if (download) await (await download).delete();
  else await clearOpfs(page);
  return { ms, planMs, mb: bytes / MB, peakMb: peak / MB, workerPeakMb: workerPeak / MB, baseMb: base / MB };
}

/** One backup export to a download kept at `path` (the file the import bench reads). */
async function exportBackupFile(page: Page, path: string): Promise<void> {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('input[name="format"][value="backup"]').check();
  await page.locator('input[name="dest"][value="download"]').check();
  const download = page.waitForEvent('download', { timeout: 600_000 });
  await page.locator('#export-start').click();
  await (await download).saveAs(path);
}

/**
 * The backup at `path` imported into an emptied library through the page's file input: time from
 * handing over the file to the page's summary, and the page's peak JS heap meanwhile (the import
 * runs in the page; workers are sampled too).
 */
async function importOnce(page: Page, cdp: CDPSession, path: string): Promise<{ ms: number; mb: number; peakMb: number; text: string }> {
  await page.evaluate(clearEveryStore);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const sampler = await heapSampler(cdp, await watchWorkerHeaps(cdp));
  const started = performance.now();
  await page.locator('#import-files').setInputFiles(path);
  await page.waitForFunction(() => {
    const text = document.getElementById('import-status')?.textContent ?? '';
    return text !== '' && !/^(正在导入|正在写入图片|Importing|Storing images)/.test(text);
  }, null, { timeout: 900_000, polling: 200 });
  const ms = performance.now() - started;
  const { peak } = await sampler.stop();
  const text = (await page.locator('#import-status').textContent()) ?? '';
  return { ms, mb: (await stat(path)).size / MB, peakMb: peak / MB, text };
}

const scenario: Scenario = {
  name: 'export',
  async run(): Promise<Figures> {
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
    // The save picker, which a headless browser cannot show, picks a file in OPFS; the export writes
    // it through the real FileSystemWritableFileStream (swap file, then moved over the file).
    await installOpfsPickers(ext.context);
    try {
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext.extensionId, TRANSFER));
      await seedPosts(page, { count: POSTS, textChars: 6_000 });
      await seedImages(page);
      await page.waitForTimeout(5_000); // let LevelDB settle after ~400 MB of writes
      const cdp = await ext.context.newCDPSession(page);
      // Each export ROUNDS times, alternated: one export on the 2-core machine varies by ±15% (disk
      // writeback of the 370 MB downloads, the VM), so the figure is the median run.
      type Run = Awaited<ReturnType<typeof exportOnce>>;
      const runs: { backup: Run[]; hexo: Run[]; hexoPicked: Run[] } = { backup: [], hexo: [], hexoPicked: [] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.backup.push(await exportOnce(page, cdp, 'backup', 'bundled'));
        runs.hexo.push(await exportOnce(page, cdp, 'hexo', 'bundled'));
        runs.hexoPicked.push(await exportOnce(page, cdp, 'hexo', 'bundled', 'picker'));
      }
      const rate = (r: Run): number => r.mb / (r.ms / 1000);
      const mid = (rs: Run[]): Run => [...rs].sort((x, y) => rate(x) - rate(y))[Math.floor(rs.length / 2)]!;
      const [backup, hexo] = [mid(runs.backup), mid(runs.hexo)];
      for (const [name, rs] of Object.entries(runs)) console.log(`  ${name}: ${rs.map((r) => `${rate(r).toFixed(1)} MB/s (${r.ms.toFixed(0)} ms, peak ${r.peakMb.toFixed(0)} MB)`).join(', ')}`);
      // Import: the backup this export writes, into an emptied library (the last step: it replaces the seeded library).
      const dir = await mkdtemp(join(tmpdir(), 'zo-bench-'));
      const file = join(dir, 'backup.zip');
      await exportBackupFile(page, file);
      const imported = await importOnce(page, cdp, file).finally(() => rm(dir, { recursive: true, force: true }));
      console.log(`  import: ${(imported.mb / (imported.ms / 1000)).toFixed(1)} MB/s (${imported.ms.toFixed(0)} ms, peak ${imported.peakMb.toFixed(0)} MB): ${imported.text}`);
      const peak = (rs: Run[]): number => Math.max(...rs.map((r) => r.peakMb));
      const workerPeak = (rs: Run[]): number => Math.max(...rs.map((r) => r.workerPeakMb));
      const slowest = (rs: Run[]): number => Math.min(...rs.map(rate));
      return {
        'export: backup 10k posts + 2k images, time (median run)': { value: backup.ms, unit: 'ms' },
        'export: backup, of which planning': { value: backup.planMs, unit: 'ms' },
        'export: backup size': { value: backup.mb, unit: 'MB' },
        'export: backup throughput (median run)': { value: rate(backup), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: backup throughput, slowest run': { value: slowest(runs.backup), unit: 'MB/s' },
        'export: backup peak JS heap (page + ZIP worker), all runs': { value: peak(runs.backup), unit: 'MB', goal: '≤ 300 MB' },
        'export: backup peak JS heap, ZIP worker alone': { value: workerPeak(runs.backup), unit: 'MB' },
        'export: Hexo (bundled images) time (median run)': { value: hexo.ms, unit: 'ms' },
        'export: Hexo throughput (median run)': { value: rate(hexo), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: Hexo throughput, slowest run': { value: slowest(runs.hexo), unit: 'MB/s' },
        'export: Hexo peak JS heap (page + ZIP worker), all runs': { value: peak(runs.hexo), unit: 'MB', goal: '≤ 300 MB' },
        'export: Hexo peak JS heap, ZIP worker alone': { value: workerPeak(runs.hexo), unit: 'MB' },
        'export: Hexo into a picked file (OPFS), throughput (median run)': { value: rate(mid(runs.hexoPicked)), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: Hexo into a picked file, slowest run': { value: slowest(runs.hexoPicked), unit: 'MB/s' },
        'export: Hexo into a picked file, peak JS heap (page + ZIP worker)': { value: peak(runs.hexoPicked), unit: 'MB', goal: '≤ 300 MB' },
        'export: page JS heap before the exports (after GC)': { value: runs.backup[0]!.baseMb, unit: 'MB' },
        'import: backup 10k posts + 2k images into an empty library, time': { value: imported.ms, unit: 'ms' },
        'import: backup throughput': { value: imported.mb / (imported.ms / 1000), unit: 'MB/s', goal: '≥ 30 MB/s' },
        'import: peak JS heap (page + workers)': { value: imported.peakMb, unit: 'MB', goal: '≤ 300 MB' },
      };
    } finally {
      await ext.close();
    }
  },
};

export default scenario;
