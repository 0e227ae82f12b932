// Issue #5 at scale: 10,000 seeded posts → popup, library (search, filters, sort), reader, delete + undo.
import { expect, test, type Page } from '@playwright/test';
import { extensionUrl, openPopup } from './support/extension-pages';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { DEFAULT_DIST_DIR } from './support/paths';
import { NEEDLE, seedPosts } from './support/seed-posts';

const LIBRARY = 'src/ui/library/library.html';
const N = 10_000;
let ext: LaunchedExtension;

test.beforeEach(async () => {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
});

test.afterEach(async () => {
  await ext.close();
});

async function seed(): Promise<void> {
  // The popup opens the database through Dexie first, so the raw writes find the v2 schema.
  const popup = await openPopup(ext.context, ext.extensionId);
  await expect(popup.locator('#status')).toBeVisible();
  await seedPosts(popup, { count: N });
  await popup.close();
}

const count = (page: Page) => page.locator('#count');

test('10,000 posts: popup, library search/filter/sort, reader, delete with undo', async () => {
  test.setTimeout(180_000);
  await seed();

  const popup = await openPopup(ext.context, ext.extensionId);
  await expect(popup.locator('.post-row')).toHaveCount(20);
  await expect(count(popup)).toHaveText('共 10,000 篇');
  await expect(popup.locator('.post-row').first()).toContainText('第1篇');
  await popup.locator('#search').fill(NEEDLE);
  await expect(popup.locator('.post-row')).toHaveCount(20, { timeout: 20_000 });
  await expect(popup.locator('#status')).toContainText('共找到 1,112 篇');
  await popup.close();

  const lib = await ext.context.newPage();
  await lib.goto(extensionUrl(ext.extensionId, LIBRARY));
  await expect(count(lib)).toHaveText('共 10,000 篇');
  const rows = lib.locator('.lib-row:not(.lib-row-loading)');
  await expect(rows.first()).toContainText('第1篇');
  // Windowed: only the rows in view exist.
  expect(await lib.locator('.lib-row').count()).toBeLessThan(60);
  await lib.locator('#list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(lib.locator('.lib-row', { hasText: '第10000篇' })).toBeVisible();

  await lib.locator('#search').fill(NEEDLE);
  await expect(count(lib)).toHaveText('1,112 / 10,000 篇', { timeout: 30_000 });
  await lib.locator('select[name="kind"]').selectOption('pin');
  await expect(count(lib)).toHaveText(/^\d+ \/ 10,000 篇$/, { timeout: 30_000 });
  const pins = Number((await count(lib).textContent())?.split(' ')[0]);
  expect(pins).toBeGreaterThan(0);
  expect(pins).toBeLessThan(1112);
  await lib.locator('button[type="reset"]').click();
  await lib.locator('#search').fill('');
  await expect(count(lib)).toHaveText('共 10,000 篇');
  // Seeded states (seed-posts.ts): 200 incomplete + 143 with missing images, 250 with revisions.
  await lib.locator('input[name="incomplete"]').check();
  await expect(count(lib)).toHaveText('343 / 10,000 篇');
  await lib.locator('input[name="incomplete"]').uncheck();
  await lib.locator('input[name="revised"]').check();
  await expect(count(lib)).toHaveText('250 / 10,000 篇');
  await lib.locator('input[name="revised"]').uncheck();
  await lib.locator('input[name="author"]').fill('叶壮');
  await expect(count(lib)).toHaveText('1,000 / 10,000 篇');
  await lib.locator('button[type="reset"]').click();
  await expect(count(lib)).toHaveText('共 10,000 篇');
  await lib.locator('select[name="sort"]').selectOption('voteCount');
  await expect(rows.first()).not.toContainText('第1篇');

  await lib.locator('select[name="sort"]').selectOption('savedAt');
  await expect(rows.first()).toContainText('第1篇');
  await rows.nth(0).locator('.lib-check').check();
  await rows.nth(1).locator('.lib-check').check();
  await expect(lib.locator('#selected')).toHaveText('已选 2 篇');
  await lib.locator('#delete').click();
  await expect(count(lib)).toHaveText('共 9,998 篇');
  await expect(rows.first()).toContainText('第3篇');
  await lib.locator('#toast button').click();
  await expect(count(lib)).toHaveText('共 10,000 篇');
  await expect(rows.first()).toContainText('第1篇');

  // Tag three posts in bulk, then filter by the tag.
  for (const i of [0, 1, 2]) await rows.nth(i).locator('.lib-check').check();
  await lib.locator('#tag-input').fill('精选');
  await lib.locator('#tag-add').click();
  await expect(rows.first().locator('.chip-tag')).toHaveText('精选');
  await lib.locator('#clear').click();
  await lib.locator('select[name="tag"]').selectOption('精选');
  await expect(count(lib)).toHaveText('3 / 10,000 篇');
  await lib.locator('button[type="reset"]').click();
  await expect(count(lib)).toHaveText('共 10,000 篇');

  await rows.first().locator('.lib-title').click();
  await expect(lib.locator('#title')).toHaveText(/^第1篇/);
  await expect(lib.locator('#byline')).toHaveText(/的回答$/);
  await lib.keyboard.press('j');
  await expect(lib.locator('#title')).toHaveText(/^第2篇/);
  await lib.keyboard.press('k');
  await expect(lib.locator('#title')).toHaveText(/^第1篇/);
});
