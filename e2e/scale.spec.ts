// Issue #18: 50,000 seeded posts (raw writes, as a big batch save or import leaves them) → the popup,
// the library (first rows, scroll to the middle, filter, search), the reader, and the library page's
// memory. Seeded posts have texts but no search signatures, as a library saved before schema v9:
// the first open builds them, and search is exact before, during and after.
import { expect, test, type Page } from '@playwright/test';
import { extensionUrl, openPopup } from './support/extension-pages';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { DEFAULT_DIST_DIR } from './support/paths';
import { NEEDLE, NEEDLE_EVERY, seedPosts } from './support/seed-posts';

const LIBRARY = 'src/ui/library/library.html';
const N = 50_000;
/** Posts i = 0, 9, 18, … hold the needle (seed-posts.ts). */
const HITS = Math.ceil(N / NEEDLE_EVERY);
const fmt = (n: number): string => n.toLocaleString('en-US');
let ext: LaunchedExtension;

test.beforeEach(async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
});

test.afterEach(async () => {
  await ext.close();
});

const count = (page: Page) => page.locator('#count');

test('50,000 posts: popup, library first rows, scroll, filter, search, reader; the page heap stays under 200 MB', async () => {
  test.setTimeout(300_000);
  const popup = await openPopup(ext.context, ext.extensionId);
  await expect(popup.locator('#status')).toBeVisible();
  await seedPosts(popup, { count: N, textChars: 600, chunk: 2_500 });
  await popup.reload();
  await expect(popup.locator('.post-row')).toHaveCount(20);
  await expect(count(popup)).toHaveText(`共 ${fmt(N)} 篇`);
  await expect(popup.locator('.post-row').first()).toContainText('第1篇');
  await popup.locator('#search').fill(NEEDLE);
  await expect(popup.locator('#status')).toContainText(`共找到 ${fmt(HITS)} 篇`, { timeout: 60_000 });
  await expect(popup.locator('.post-row')).toHaveCount(20);
  await expect(popup.locator('.post-row').first()).toContainText('第1篇');
  await popup.close();

  const lib = await ext.context.newPage();
  await lib.goto(extensionUrl(ext.extensionId, LIBRARY));
  const rows = lib.locator('.lib-row:not(.lib-row-loading)');
  await expect(rows.first()).toContainText('第1篇');
  await expect(count(lib)).toHaveText(`共 ${fmt(N)} 篇`);
  expect(await lib.locator('.lib-row').count()).toBeLessThan(60);

  // Search before everything is loaded, and again after: the same exact hits.
  await lib.locator('#search').fill(NEEDLE);
  await expect(count(lib)).toHaveText(`${fmt(HITS)} / ${fmt(N)} 篇`, { timeout: 60_000 });
  await expect(rows.nth(1)).toContainText(`第${NEEDLE_EVERY + 1}篇`);
  await lib.locator('#search').fill('');
  await lib.waitForFunction(() => document.documentElement.dataset.loaded === 'true', null, { timeout: 120_000 });
  await expect(count(lib)).toHaveText(`共 ${fmt(N)} 篇`);

  // Scroll to the middle: the rows there get their data.
  await lib.locator('#list').evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  await expect(lib.locator('.lib-row[aria-posinset="25001"]:not(.lib-row-loading)')).toContainText('第25001篇');
  await lib.locator('#list').evaluate((el) => (el.scrollTop = 0));

  await lib.locator('input[name="author"]').fill('叶壮');
  await expect(count(lib)).toHaveText(`${fmt(N / 10)} / ${fmt(N)} 篇`);
  await lib.locator('#search').fill(NEEDLE);
  // Authors cycle every 10 posts, the needle every 9: both hold for i ≡ 1 (mod 10) and ≡ 0 (mod 9).
  const both = Array.from({ length: N }, (_, i) => i).filter((i) => i % 10 === 1 && i % NEEDLE_EVERY === 0).length;
  await expect(count(lib)).toHaveText(`${fmt(both)} / ${fmt(N)} 篇`, { timeout: 60_000 });
  await lib.locator('button[type="reset"]').click();
  await expect(count(lib)).toHaveText(`${fmt(HITS)} / ${fmt(N)} 篇`, { timeout: 60_000 });
  await lib.locator('#search').fill('不存在的词语组合');
  await expect(lib.locator('#empty')).toBeVisible();
  await expect(count(lib)).toHaveText(`0 / ${fmt(N)} 篇`);

  const cdp = await ext.context.newCDPSession(lib);
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  expect(usedSize / 1024 / 1024).toBeLessThan(200);

  await lib.locator('#search').fill(NEEDLE);
  await expect(rows.first()).toContainText('第1篇');
  await rows.first().locator('.lib-title').click();
  await expect(lib.locator('#title')).toHaveText(/^第1篇/);
  await expect(lib.locator('#content')).toContainText(NEEDLE);
  await lib.keyboard.press('j');
  await expect(lib.locator('#title')).toHaveText(/^第2篇/);
});
