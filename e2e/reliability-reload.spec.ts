// R5 (extension reloaded while a content script is alive and a save is in flight), injected in
// real Chromium: a 24-image save is halfway through its images when the extension is reloaded as
// chrome://extensions' reload button does it. The old instance's buttons must go (the in-flight one
// too) and the new worker's injected content script must take the same page over without a refresh
// (issue 20): one live set of buttons, none stuck in "saving". The new worker must finish the save
// from the outbox, and a refreshed page must show the buttons with the save's badge. The old
// instance's "refresh to see the outcome" notice (button.ts) is only seen where injection cannot
// reach; e2e/first-run.spec.ts checks the take-over in detail.
import { expect, test, type Page } from '@playwright/test';
import { badgeTexts } from './support/badges';
import { openPopup } from './support/extension-pages';
import { RELOAD_ARGS, reloadExtension } from './support/extension-reload';
import { recordFault } from './support/fault-table';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { dumpDatabase } from './support/idb';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { snapshotLibrary } from './support/library-snapshot';
import { readOutbox } from './support/outbox';
import { BIG, BIG_IMAGES, BIG_KEY, QUESTION } from './support/big-answer';
import { DEFAULT_DIST_DIR } from './support/paths';

let server: FixtureServer;
let ext: LaunchedExtension;

test.beforeEach(async () => {
  server = await startFixtureServer({ slowImageDelayMs: 1_200 });
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, extraArgs: RELOAD_ARGS });
});

test.afterEach(async () => {
  await ext.close();
  await server.close();
});

async function storedImagesOfJob(popup: Page): Promise<number> {
  const job = (await readOutbox(popup)).find((j) => j.id === `save:${BIG_KEY}`);
  return job ? BIG_IMAGES - job.pending.length : -1;
}

test('an extension reload mid-save: no zombie buttons, the save finishes in the new worker, a refresh shows it', async () => {
  const zhihu = await ext.context.newPage();
  await zhihu.goto(QUESTION);
  const buttons = zhihu.locator('[data-zo-action="save"]');
  await expect(buttons).toHaveCount(5);
  await buttons.nth(1).click();
  await expect(buttons.nth(1)).toHaveAttribute('data-zo-state', 'saved');
  const popup = await openPopup(ext.context, ext.extensionId);
  const before = await snapshotLibrary(popup);

  server.setImageFault(() => 'slow');
  await buttons.nth(BIG).click();
  await expect.poll(() => storedImagesOfJob(popup), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  expect(await storedImagesOfJob(popup)).toBeLessThan(BIG_IMAGES);

  await buttons.evaluateAll((bs) => bs.forEach((b) => b.setAttribute('data-test-old', '')));
  // The fault. The popup closes with the old extension; the images come quickly from now on.
  await reloadExtension(ext, DEFAULT_DIST_DIR);
  server.setImageFault(undefined);

  // The old page, not refreshed: the old instance's buttons are gone, the new instance's are live.
  await expect(zhihu.locator('[data-test-old]')).toHaveCount(0);
  await expect(buttons).toHaveCount(5);
  await expect(buttons.first()).toBeEnabled();
  await expect(zhihu.locator('[data-zo-state="saving"]')).toHaveCount(0);
  await expect(zhihu.locator('[data-zo-action="interrupted"]')).toHaveCount(0);

  // The new worker resumed the save from the outbox: the post is whole, the job gone.
  const popup2 = await openPopup(ext.context, ext.extensionId);
  await expect.poll(async () => (await dumpDatabase(popup2)).posts.length, { timeout: 30_000 }).toBe(2);
  const db = await dumpDatabase(popup2);
  const big = db.posts.find((p) => p.key === BIG_KEY)?.meta as { images: string[]; missingImages: string[] } | undefined;
  expect(big?.images).toHaveLength(BIG_IMAGES);
  expect(big?.missingImages).toEqual([]);
  const stored = new Set(db.images.filter((i) => i.isBlob && i.size > 0).map((i) => i.url));
  expect(big?.images.filter((u) => stored.has(u))).toHaveLength(BIG_IMAGES);
  expect(await readOutbox(popup2)).toEqual([]);

  // A refresh brings the buttons back, with the saved badge on both saved answers.
  await zhihu.reload();
  await expect(buttons).toHaveCount(5);
  await expect(zhihu.locator('[data-zo-action="interrupted"]')).toHaveCount(0);
  await expect.poll(async () => (await badgeTexts(zhihu, 'AnswerItem')).filter((b) => b === '已保存').length).toBe(2);

  const after = await snapshotLibrary(popup2);
  expect(Object.keys(after.posts ?? {}).sort()).toEqual([...Object.keys(before.posts ?? {}), JSON.stringify(BIG_KEY)].sort());
  await recordFault({
    ids: ['R5'],
    fault: 'extension reloaded (CDP Extensions.loadUnpacked, as chrome://extensions does) while a 24-image save was halfway',
    checked: 'old page, no refresh: the old buttons (in-flight one included) gone, 5 live buttons of the injected new instance, none saving; new worker finishes the save from the outbox (24 images, job gone); refresh shows 5 buttons and both badges',
    before,
    after,
  });
});
