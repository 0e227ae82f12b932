// Storage faults injected in real Chromium: a stopped worker, a browser restart, image host failures, a full disk.
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPopup } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { startFixtureServer, type FixtureServer, type ImageFault } from './support/fixture-server';
import { dumpDatabase } from './support/idb';
import { snapshotLibrary } from './support/library-snapshot';
import { extensionWorker, launchWithExtension, type LaunchedExtension } from './support/launch';
import { makeJobsDue, readOutbox } from './support/outbox';
import { BIG, BIG_IMAGES, BIG_KEY, QUESTION } from './support/big-answer';
import { DEFAULT_DIST_DIR } from './support/paths';
import { stopExtensionWorker } from './support/worker-control';

let server: FixtureServer;
let ext: LaunchedExtension;

test.beforeEach(async () => {
  server = await startFixtureServer({ slowImageDelayMs: 1_200 });
});

test.afterEach(async () => {
  await ext.close();
  await server.close();
});

async function openQuestion(): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(QUESTION);
  await expect(page.locator('[data-zo-action="save"]')).toHaveCount(5);
  return page;
}

/** Waits until the running save has stored at least `n` images (its outbox pending list shrank). */
async function waitForStoredImages(popup: Page, n: number): Promise<void> {
  await expect.poll(async () => {
    const job = (await readOutbox(popup)).find((j) => j.id === `save:${BIG_KEY}`);
    return job ? BIG_IMAGES - job.pending.length : -1;
  }, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
}

type StoredMeta = { images: string[]; missingImages: string[]; authorInfo: { avatar: string } };

/** One post, whole: its 24 content images stored as blobs (and its author's avatar, unless that was made to fail). */
async function expectWholePost(popup: Page, avatarFault = false): Promise<void> {
  const db = await dumpDatabase(popup);
  expect(db.posts.map((p) => p.key)).toEqual([BIG_KEY]);
  expect(db.contents).toHaveLength(1);
  const meta = db.posts[0]?.meta as StoredMeta;
  expect(meta.images).toHaveLength(BIG_IMAGES);
  const wanted = avatarFault ? meta.images : [...meta.images, meta.authorInfo.avatar];
  expect(db.images.map((i) => i.url).sort()).toEqual([...new Set(wanted)].sort());
  expect(db.images.every((i) => i.isBlob && i.size > 0)).toBe(true);
  expect(await readOutbox(popup)).toEqual([]);
}

/** A fault fixed per URL (not per request order, which the parallel downloads would make vary). */
const FAULTS = ['403', '404', 'ok'] as const;
const faultOf = (url: string): ImageFault => FAULTS[[...new URL(url).pathname].reduce((a, c) => a + c.charCodeAt(0), 0) % 3] ?? 'ok';

test('a worker stopped halfway through a 24-image save finishes it on wake, once, whole', async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  server.setImageFault(() => 'slow');
  const page = await openQuestion();
  const popup = await openPopup(ext.context, ext.extensionId);
  const button = page.locator('[data-zo-action="save"]').nth(BIG);
  await button.click();
  await waitForStoredImages(popup, 4);
  const stored = await dumpDatabase(popup);
  expect(stored.posts).toEqual([]); // not in the library until the commit
  const atFault = await snapshotLibrary(popup);

  await stopExtensionWorker(ext.context, popup, ext.extensionId);
  server.setImageFault(undefined);

  // The tab asks for the save's status; that wakes the worker, which resumes the outbox.
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  await expect(button).toHaveText('已保存');
  await expectWholePost(popup);
  await recordFault({
    ids: ['R1', 'R3', 'R4', 'R14'],
    fault: 'worker stopped (CDP ServiceWorker.stopWorker) halfway through a 24-image save: the tab loses its reply',
    checked: 'the tab asks for the status instead, which wakes the worker; listeners answer at once; the outbox job resumes: one post, 24 images, job gone',
    before: atFault,
    after: await snapshotLibrary(popup),
  });
});

test('a browser restart with a save pending resumes it', async () => {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'zo-restart-'));
  try {
    ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, userDataDir: profile });
    server.setImageFault(() => 'slow');
    const page = await openQuestion();
    const popup = await openPopup(ext.context, ext.extensionId);
    await page.locator('[data-zo-action="save"]').nth(BIG).click();
    await waitForStoredImages(popup, 4);
    const atFault = await snapshotLibrary(popup);
    await ext.close();

    server.setImageFault(undefined);
    ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, userDataDir: profile });
    const popup2 = await openPopup(ext.context, ext.extensionId);
    await expect.poll(async () => (await dumpDatabase(popup2)).posts.length, { timeout: 30_000 }).toBe(1);
    await expectWholePost(popup2);
    await recordFault({
      ids: ['R17'],
      fault: 'browser closed and restarted on the same profile with a save pending',
      checked: 'the IndexedDB outbox (not storage.session) resumes the save at start: one whole post, job gone',
      before: atFault,
      after: await snapshotLibrary(popup2),
    });
  } finally {
    await ext.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('403, 404 and an offline host end as a saved post with markers that a retry fills in', async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  server.setImageFault((url) => faultOf(url.href));
  const page = await openQuestion();
  const button = page.locator('[data-zo-action="save"]').nth(BIG);
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  await expect(button).toHaveText(/^已保存（\d+ 张图片未保存，稍后重试）$/);

  const popup = await openPopup(ext.context, ext.extensionId);
  const first = await dumpDatabase(popup);
  const atFault = await snapshotLibrary(popup);
  const firstMeta = first.posts[0]?.meta as StoredMeta;
  const failing = firstMeta.images.filter((u) => faultOf(u) !== 'ok');
  expect(failing.length).toBeGreaterThan(0);
  expect(failing.length).toBeLessThan(BIG_IMAGES);
  expect(firstMeta.missingImages.sort()).toEqual([...failing].sort());
  expect(first.images.filter((i) => firstMeta.images.includes(i.url))).toHaveLength(BIG_IMAGES - failing.length);

  // Still failing while offline: the markers stay, the retry is rescheduled.
  await server.stop();
  await makeJobsDue(popup);
  const worker = await extensionWorker(ext.context);
  await worker.evaluate(() => chrome.alarms.create('zo-outbox', { when: Date.now() }));
  await expect.poll(async () => (await readOutbox(popup))[0]?.nextAttemptAt ?? 0, { timeout: 15_000 }).toBeGreaterThan(Date.now());
  expect(((await dumpDatabase(popup)).posts[0]?.meta as StoredMeta).missingImages).toHaveLength(failing.length);

  // Back online and healthy: the next retry fills every image in.
  await server.start();
  server.setImageFault(undefined);
  await makeJobsDue(popup);
  await (await extensionWorker(ext.context)).evaluate(() => chrome.alarms.create('zo-outbox', { when: Date.now() }));
  await expect.poll(async () => ((await dumpDatabase(popup)).posts[0]?.meta as { missingImages: string[] }).missingImages.length, { timeout: 15_000 }).toBe(0);
  await expectWholePost(popup, faultOf(firstMeta.authorInfo.avatar) !== 'ok');
  await recordFault({
    ids: ['R2'],
    fault: 'image host answers 403 and 404, then goes offline, during a save and its retries',
    checked: 'text saved first with missing-image markers; retries while offline keep them; back online a retry fills every image in',
    before: atFault,
    after: await snapshotLibrary(popup),
  });
});

test('a full disk is reported plainly and leaves what was saved untouched, with no half post', async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  const page = await openQuestion();
  const small = page.locator('[data-zo-action="save"]').nth(1);
  await small.click();
  await expect(small).toHaveAttribute('data-zo-state', 'saved');
  const popup = await openPopup(ext.context, ext.extensionId);
  const before = await dumpDatabase(popup);
  const beforeAll = await snapshotLibrary(popup);

  // Inject the fault in the real worker: IndexedDB refuses the post write as over quota.
  const worker = await extensionWorker(ext.context);
  await worker.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'posts') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  const big = page.locator('[data-zo-action="save"]').nth(BIG);
  await big.click();
  await expect(big).toHaveAttribute('data-zo-state', 'error', { timeout: 30_000 });
  await expect(big).toHaveText('保存失败：磁盘空间不足，已保存的内容未受影响');

  const after = await dumpDatabase(popup);
  expect(after.posts).toEqual(before.posts);
  expect(after.contents).toEqual(before.contents);
  expect(after.images).toEqual(before.images);
  expect(await readOutbox(popup)).toEqual([]);
  await recordFault({
    ids: ['R6'],
    fault: 'IndexedDB refuses the post write as QuotaExceededError during a 24-image save',
    checked: 'button says 磁盘空间不足; no half post, no leftover images or job; earlier records unchanged',
    before: beforeAll,
    after: await snapshotLibrary(popup),
  });
});
