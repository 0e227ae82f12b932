// Sync (issue #16) in real Chromium against a real WebDAV server: rclone serve webdav behind the tests'
// HTTPS front (e2e/support/webdav-front.ts). A library of 10,000 posts (6,000 characters) and 2,000
// incompressible 100 KiB images is seeded with raw writes; the library page's 同步 panel is set up and
// its 立即同步 clicked. Figures: the first sync (time, MB on the server per second, peak JS heap of the
// page), then one new post and an incremental sync (time and requests, from the panel's own report).
// Goals: heap ≤ 200 MB; incremental ≤ 2 s and ≤ 10 requests.
import type { Page } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extensionUrl, grantHostPermission } from '../../e2e/support/extension-pages';
import { launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { seedPosts } from '../../e2e/support/seed-posts';
import { DAV_HOST, startDavFront } from '../../e2e/support/webdav-front';
import { heapSampler, MB, seedImages } from '../backup-library';
import type { Figures, Scenario } from '../types';
import { watchWorkerHeaps } from '../worker-heaps';

const POSTS = 10_000;
const IMAGES = 2_000;

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

/** Clicks 立即同步 and waits for the panel to say how it ended; the time is the click to that. */
async function syncOnce(page: Page): Promise<{ ms: number; requests: number; sent: number }> {
  await page.evaluate(() => delete document.getElementById('sync')!.dataset.zoState);
  const t0 = Date.now();
  await page.locator('[data-zo-sync-action="sync"]').click();
  await page.waitForSelector('#sync[data-zo-state="done"], #sync[data-zo-state="error"]', { timeout: 1_800_000 });
  const ms = Date.now() - t0;
  if ((await page.locator('#sync').getAttribute('data-zo-state')) !== 'done') throw new Error(`sync failed: ${await page.locator('#sync .batch-error').textContent()}`);
  const last = await page.evaluate(async () => (await chrome.storage.local.get('syncLast')).syncLast as { report: { requests: number; sent: number } });
  return { ms, requests: last.report.requests, sent: last.report.sent };
}

/** One more post, as a save would leave it (a copy of the newest with a key and time of its own). */
async function addOnePost(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['posts', 'contents', 'texts'], 'readwrite');
    const posts = tx.objectStore('posts');
    const first = await new Promise<{ key: string; meta: Record<string, unknown> }>((res) => {
      const c = posts.openCursor();
      c.onsuccess = () => res(c.result!.value as { key: string; meta: Record<string, unknown> });
    });
    const content = await new Promise<{ key: string; content: string }>((res) => {
      const r = tx.objectStore('contents').get(first.key);
      r.onsuccess = () => res(r.result as { key: string; content: string });
    });
    const key = 'answer:9999999999';
    posts.put({ ...first, key, meta: { ...first.meta, id: '9999999999', savedAt: Date.now(), images: [] } });
    tx.objectStore('contents').put({ ...content, key });
    await new Promise((res, rej) => {
      tx.oncomplete = res;
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  });
}

const scenario: Scenario = {
  name: 'sync',
  async run(): Promise<Figures> {
    const front = await startDavFront();
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, extraArgs: [`--host-resolver-rules=${front.rule}, MAP * ~NOTFOUND, EXCLUDE localhost`] });
    try {
      await grantHostPermission(ext.context, ext.extensionId, `https://${DAV_HOST}`);
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext.extensionId, 'src/ui/library/library.html'));
      await seedPosts(page, { count: POSTS, textChars: 6_000 });
      await seedImages(page, IMAGES);
      await page.waitForTimeout(3_000); // let LevelDB settle after the seeding's writes
      await page.reload();
      await page.locator('#sync summary').click();
      await page.locator('#sync input[name="server"]').fill(front.url);
      await page.locator('#sync input[name="user"]').fill(front.dav.user);
      await page.locator('#sync input[name="password"]').fill(front.dav.password);
      await page.locator('[data-zo-sync-action="save"]').click();
      await page.waitForSelector('[data-zo-sync-action="sync"]:not([hidden])');

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const sampler = await heapSampler(cdp, await watchWorkerHeaps(cdp));
      const first = await syncOnce(page);
      const { peak } = await sampler.stop();
      const mb = folderBytes(front.dav.dir) / MB;
      console.log(`  first sync: ${first.sent} posts sent, ${mb.toFixed(0)} MB on the server in ${first.ms} ms, ${first.requests} requests, peak heap ${(peak / MB).toFixed(0)} MB`);

      await addOnePost(page);
      const again = await syncOnce(page);
      console.log(`  incremental sync after one new post: ${again.ms} ms, ${again.requests} requests, ${again.sent} sent`);
      const idle = await syncOnce(page);
      console.log(`  sync with nothing changed: ${idle.ms} ms, ${idle.requests} requests`);
      await cdp.detach();
      const label = `sync: first sync of ${POSTS.toLocaleString('en-US')} posts + ${IMAGES.toLocaleString('en-US')} images (${mb.toFixed(0)} MB)`;
      return {
        [`${label}, time`]: { value: first.ms, unit: 'ms' },
        [`${label}, throughput`]: { value: mb / (first.ms / 1000), unit: 'MB/s' },
        [`${label}, requests`]: { value: first.requests, unit: 'count' },
        [`${label}, peak JS heap of the page and its workers`]: { value: peak / MB, unit: 'MB', goal: '≤ 200 MB' },
        [`sync: incremental after one new post at ${POSTS.toLocaleString('en-US')}, time`]: { value: again.ms, unit: 'ms', goal: '≤ 2,000 ms' },
        [`sync: incremental after one new post at ${POSTS.toLocaleString('en-US')}, requests`]: { value: again.requests, unit: 'count', goal: '≤ 10' },
        [`sync: nothing changed at ${POSTS.toLocaleString('en-US')}, requests`]: { value: idle.requests, unit: 'count' },
      };
    } finally {
      await ext.close();
      await front.close();
    }
  },
};

export default scenario;
