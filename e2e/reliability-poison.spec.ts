// R23 in real Chromium: a save that never finishes (every image request hangs) is cut off by three
// worker stops; the fourth start parks it instead of running it again, keeps its capture, and the
// popup says so with 重试 / 放弃. Nothing saved before is touched.
import { expect, test, type Page } from '@playwright/test';
import { BIG, BIG_KEY, QUESTION } from './support/big-answer';
import { openPopup } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { snapshotLibrary } from './support/library-snapshot';
import { DEFAULT_DIST_DIR } from './support/paths';
import { stopExtensionWorker } from './support/worker-control';

let server: FixtureServer;
let ext: LaunchedExtension;

test.beforeEach(async () => {
  server = await startFixtureServer();
});

test.afterEach(async () => {
  await ext.close();
  await server.close();
});

interface Job {
  id: string;
  attempts: number;
  nextAttemptAt: number;
  item?: { id: string };
  parked?: { reason: string };
}

function saveJob(popup: Page): Promise<Job | null> {
  return popup.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await new Promise<Job | null>((resolve, reject) => {
        const req = db.transaction('outbox').objectStore('outbox').get(id);
        req.onsuccess = () => resolve((req.result as Job | undefined) ?? null);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  }, `save:${BIG_KEY}`);
}

test('a save cut off on every run is parked after three, its capture kept, and offered back to the user', async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  const page = await ext.context.newPage();
  await page.goto(QUESTION);
  const buttons = page.locator('[data-zo-action="save"]');
  await expect(buttons).toHaveCount(5);
  // One whole post first, which the fault must leave as it is.
  await buttons.nth(1).click();
  await expect(buttons.nth(1)).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  const popup = await openPopup(ext.context, ext.extensionId);
  const before = await snapshotLibrary(popup);

  server.setImageFault(() => 'hang');
  await buttons.nth(BIG).click();
  await expect.poll(async () => (await saveJob(popup))?.attempts ?? 0).toBe(1);
  // Each stop cuts the run off; the tab's status request wakes the worker, whose start resumes the job as a new run.
  for (const run of [2, 3]) {
    await stopExtensionWorker(ext.context, popup, ext.extensionId);
    await expect.poll(async () => (await saveJob(popup))?.attempts ?? 0, { timeout: 30_000 }).toBe(run);
  }
  await stopExtensionWorker(ext.context, popup, ext.extensionId);
  // The fourth start finds three runs that never finished: parked, not run.
  await expect.poll(async () => (await saveJob(popup))?.parked?.reason ?? null, { timeout: 30_000 }).toBe('stalled');
  const job = await saveJob(popup);
  expect(job?.attempts).toBe(3);
  expect(job?.nextAttemptAt).toBe(Number.MAX_SAFE_INTEGER);
  expect(job?.item?.id).toBe(BIG_KEY.split(':')[1]);
  const hangs = server.requests.filter((r) => r.status === 0).length;

  const shown = await openPopup(ext.context, ext.extensionId);
  const row = shown.locator('[data-zo-parked="stalled"]');
  await expect(row).toHaveCount(1);
  await expect(row.locator('[data-zo-parked-retry]')).toHaveText('重试');
  await expect(row.locator('[data-zo-parked-discard]')).toHaveText('放弃');
  // Parked means parked: another start of the worker does not run it again.
  await stopExtensionWorker(ext.context, shown, ext.extensionId);
  await shown.reload();
  await expect(shown.locator('[data-zo-parked="stalled"]')).toHaveCount(1);
  expect((await saveJob(shown))?.attempts).toBe(3);

  await recordFault({
    ids: ['R23'],
    fault: `a 24-image save whose image requests all hang (${hangs} requests left hanging), cut off by three worker stops (CDP ServiceWorker.stopWorker)`,
    checked: 'runs counted 1, 2, 3; the 4th start parks the job as stalled (never due again, capture kept) instead of running it; the popup lists it with 重试 / 放弃; a further start leaves it parked; the saved post untouched',
    before,
    after: await snapshotLibrary(shown),
  });
});
