// Batch save (issue #14), in real Chromium with the built extension and the fixture server: a 收藏夹 of
// 500 and of 2,000 items (synthetic envelopes around the real item objects, batch-routes.ts
// resizeCollection), the delay setting at 0. Figures:
// - items per second, click on 保存全部 → the button says saved;
// - the same work done raw, measured in the same profile right after: the same list pages fetched by the
//   worker with the session, the same images (the URLs the batch stored) 4 at a time, one IndexedDB
//   write per item; goal ≤ 1.3× per item;
// - the peak JS heap of the Zhihu page + the extension worker, sampled every 250 ms; goal ≤ 150 MB and
//   not growing from 500 to 2,000 items.
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { setBatchDelay } from '../../e2e/support/batch';
import { COLLECTION_ID } from '../../e2e/support/batch-routes';
import { openPopup } from '../../e2e/support/extension-pages';
import { startFixtureServer } from '../../e2e/support/fixture-server';
import { extensionWorker, launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import type { Figures, Scenario } from '../types';
import { serviceWorkerHeap } from '../worker-heaps';

/** ZO_BATCH_SIZES=500 runs one size only (while working on the batch's cost). */
const SIZES = process.env.ZO_BATCH_SIZES ? process.env.ZO_BATCH_SIZES.split(',').map(Number) : [500, 2_000];
const MB = 1024 * 1024;

interface Run {
  n: number;
  batchMs: number;
  rawMs: number;
  peakMb: number;
  images: number;
}

async function sampleHeaps(page: Page, context: BrowserContext, extensionId: string): Promise<() => Promise<number>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const worker = await serviceWorkerHeap(cdp, extensionId);
  let peak = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const metrics = (await cdp.send('Performance.getMetrics')).metrics;
      const pageHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peak = Math.max(peak, pageHeap + (await worker()));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return peak / MB;
  };
}

/** The raw floor, in the worker: the list pages and the stored images fetched again, one put per item. */
async function rawRun(worker: Worker, pages: string[], images: string[], items: number): Promise<number> {
  return worker.evaluate(
    async ({ pages, images, items }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const req = indexedDB.open(`bench-raw-${items}`, 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('images', { keyPath: 'url' });
          req.result.createObjectStore('posts', { keyPath: 'key' });
        };
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error ?? new Error('open'));
      });
      const t0 = performance.now();
      const objects: unknown[] = [];
      for (const url of pages) {
        const res = await fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain, */*' } });
        const json = (await res.json()) as { data?: unknown[] };
        objects.push(...(json.data ?? []));
      }
      let nextImage = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (nextImage < images.length) {
            const url = images[nextImage++] as string;
            const res = await fetch(url, { referrerPolicy: 'no-referrer', credentials: 'omit', cache: 'default' });
            const blob = await res.blob();
            await new Promise<void>((res, rej) => {
              const tx = db.transaction('images', 'readwrite', { durability: 'strict' });
              tx.objectStore('images').put({ url, blob });
              tx.oncomplete = () => res();
              tx.onerror = () => rej(tx.error ?? new Error('tx'));
            });
          }
        }),
      );
      for (let i = 0; i < items; i++) {
        await new Promise<void>((res, rej) => {
          const tx = db.transaction('posts', 'readwrite', { durability: 'strict' });
          tx.objectStore('posts').put({ key: `raw:${i}`, object: objects[i] ?? null });
          tx.oncomplete = () => res();
          tx.onerror = () => rej(tx.error ?? new Error('tx'));
        });
      }
      const ms = performance.now() - t0;
      db.close();
      return ms;
    },
    { pages, images, items },
  );
}

/** The phases the worker measured (engine.ts zo-batch-*, run-save.ts zo-save-*): total, count and mean per name. */
async function workerPhases(worker: Worker): Promise<string> {
  const sums = await worker.evaluate(() => {
    const out: Record<string, [number, number]> = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (!m.name.startsWith('zo-')) continue;
      const s = (out[m.name] ??= [0, 0]);
      s[0] += m.duration;
      s[1]++;
    }
    performance.clearMeasures();
    return out;
  });
  return Object.entries(sums)
    .sort((a, b) => b[1][0] - a[1][0])
    .map(([name, [total, count]]) => `    ${name.padEnd(28)} ${Math.round(total).toString().padStart(7)} ms / ${count} = ${(total / count).toFixed(2)} ms`)
    .join('\n');
}

async function runSize(n: number): Promise<Run> {
  const server = await startFixtureServer();
  server.batch.resizeCollection(n);
  const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  try {
    const popup = await openPopup(ext.context, ext.extensionId);
    await setBatchDelay(popup, 0);
    const zhihu = await ext.context.newPage();
    await zhihu.goto(`https://www.zhihu.com/collection/${COLLECTION_ID}`);
    const button = zhihu.locator('[data-zo-action="save-all"]');
    await button.waitFor();
    const stopHeaps = await sampleHeaps(zhihu, ext.context, ext.extensionId);
    server.requests.length = 0;
    const t0 = Date.now();
    await button.click();
    await zhihu.waitForFunction(() => document.querySelector('[data-zo-action="save-all"]')?.getAttribute('data-zo-state') === 'saved', null, { timeout: 30 * 60_000, polling: 100 });
    const batchMs = Date.now() - t0;
    const peakMb = await stopHeaps();
    const pages = server.requests.filter((r) => r.path.startsWith(`/api/v4/collections/${COLLECTION_ID}/items`) && r.status === 200).map((r) => `https://${r.host}${r.path}`);
    const saved = await popup.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error ?? new Error('open'));
      });
      const keys: unknown[][] = [];
      for (const store of ['posts', 'images']) {
        keys.push(
          await new Promise<unknown[]>((res) => {
            const r = db.transaction(store).objectStore(store).getAllKeys();
            r.onsuccess = () => res(r.result);
          }),
        );
      }
      const out = { posts: keys[0]?.length ?? 0, images: (keys[1] ?? []) as string[] };
      db.close();
      return out;
    });
    if (saved.posts < n) throw new Error(`batch saved ${saved.posts} of ${n}`);
    const worker = await extensionWorker(ext.context);
    console.log(`  ${n} items, ${batchMs} ms in all; worker phases (total ms / count):\n${await workerPhases(worker)}`);
    const rawMs = await rawRun(worker, pages, saved.images, n);
    return { n, batchMs, rawMs, peakMb, images: saved.images.length };
  } finally {
    await ext.close();
    await server.close();
  }
}

const scenario: Scenario = {
  name: 'batch',
  async run(): Promise<Figures> {
    const out: Figures = {};
    for (const n of SIZES) {
      const r = await runSize(n);
      const label = `${n.toLocaleString('en')}-item 收藏夹`;
      out[`batch: ${label}, items per second (delay 0; ${r.images} images)`] = { value: (n / r.batchMs) * 1_000, unit: 'count' };
      out[`batch: ${label}, per item, beside the raw fetch-and-write floor`] = { value: r.batchMs / n, unit: 'ms', baseline: r.rawMs / n, goal: '≤ 1.3 × floor' };
      out[`batch: ${label}, peak JS heap (Zhihu page + worker)`] = { value: r.peakMb, unit: 'MB', goal: '≤ 150 MB, flat from 500 to 2,000' };
    }
    return out;
  },
};
export default scenario;
