// The settings page (the options page, issue 20): image quality changes what a save fetches at
// once (original quality fetches the `_r` image), survives a browser restart, and the shared
// header's links work on every page that has it; the popup and the reader open the settings.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { BIG, BIG_IMAGES, QUESTION } from './support/big-answer';
import { extensionUrl, openPopup, READER, TRANSFER } from './support/extension-pages';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { DEFAULT_DIST_DIR } from './support/paths';
import { ZHIMG_IMAGE_HOST } from './support/zhihu-hosts';

const SETTINGS = 'src/ui/settings/settings.html';
const LIBRARY = 'src/ui/library/library.html';
const SAVE = '[data-zo-action="save"]';
/** A real capture whose last answer (2818662860) has one body image (_720w). */
const OTHER_QUESTION = 'https://www.zhihu.com/question/573874788';

let server: FixtureServer;
test.beforeEach(async () => {
  server = await startFixtureServer();
});
test.afterEach(async () => {
  await server.close();
});

async function openSettingsPage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionUrl(extensionId, SETTINGS));
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return page;
}

const ORIGINAL = /_r\.\w+(\?|$)/;
const GIF = /\.gif(\?|$)/;

/**
 * Saves answer `index` of `url` (every answer without an index) and returns the paths of the body
 * images the extension fetched meanwhile: its fetches carry no Referer (the page's own have one);
 * authors' avatars (`_l`) have no original and are left out.
 */
async function saveAndListImages(context: BrowserContext, url: string, index?: number): Promise<string[]> {
  server.requests.length = 0;
  const zhihu = await context.newPage();
  await zhihu.goto(url);
  await zhihu.locator(SAVE).first().waitFor();
  const count = await zhihu.locator(SAVE).count();
  for (const i of index === undefined ? Array.from({ length: count }, (_, k) => k) : [index]) {
    await zhihu.locator(SAVE).nth(i).click();
    await expect(zhihu.locator(SAVE).nth(i)).toHaveAttribute('data-zo-state', 'saved');
  }
  await zhihu.close();
  return server.requests.filter((r) => ZHIMG_IMAGE_HOST.test(r.host) && r.referer === undefined && r.status === 200 && !/_l\.\w+(\?|$)/.test(r.path)).map((r) => r.path);
}

test('image quality: display by default, original fetches the _r image at once, and the choice survives a restart', async () => {
  test.setTimeout(120_000);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'zo-settings-'));
  let ext: LaunchedExtension | undefined;
  try {
    ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, userDataDir: profile });
    const page = await openSettingsPage(ext.context, ext.extensionId);
    await expect(page.locator('input[name="imageQuality"][value="display"]')).toBeChecked();

    // Default: the display-size image of 叶壮's answer (its one image), never an original.
    const display = await saveAndListImages(ext.context, QUESTION, 1);
    expect(display).toHaveLength(1);
    expect(display.filter((p) => ORIGINAL.test(p))).toEqual([]);

    // Chosen on the page: the next save (no reload of anything) asks for the original first.
    await page.getByLabel(/原图/).check();
    await expect(page.locator('[data-setting="imageQuality"] [role="status"]')).toHaveText('已保存，立即生效');
    const original = await saveAndListImages(ext.context, QUESTION, BIG);
    expect(original).toHaveLength(BIG_IMAGES);
    // Its one GIF has no original form (src/background/image-source.ts) and comes at display size.
    expect(original.filter((p) => !ORIGINAL.test(p) && !GIF.test(p))).toEqual([]);
    expect(original.filter((p) => ORIGINAL.test(p))).toHaveLength(BIG_IMAGES - 1);
    await ext.close();
    ext = undefined;

    // Restart on the same profile: the page shows the choice, and saves still fetch originals.
    ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, userDataDir: profile });
    const again = await openSettingsPage(ext.context, ext.extensionId);
    await expect(again.locator('input[name="imageQuality"][value="original"]')).toBeChecked();
    const afterRestart = await saveAndListImages(ext.context, OTHER_QUESTION);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(afterRestart.filter((p) => !ORIGINAL.test(p) && !GIF.test(p))).toEqual([]);
    expect(afterRestart.filter((p) => ORIGINAL.test(p)).length).toBeGreaterThan(0);

    // A change made elsewhere (here: the worker writing storage) shows on an open page.
    await again.evaluate(() => chrome.storage.local.set({ settings: { imageQuality: 'display' } }));
    await expect(again.locator('input[name="imageQuality"][value="display"]')).toBeChecked();
  } finally {
    await ext?.close();
    await rm(profile, { recursive: true, force: true, maxRetries: 3 });
  }
});

test('the header: 资料库 · 导出与导入 · 设置 on each page, the current one marked, every link going where it says', async () => {
  const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  try {
    const url = (p: string): string => extensionUrl(ext.extensionId, p);
    const pages = { library: LIBRARY, transfer: TRANSFER, settings: SETTINGS } as const;
    for (const [current, pagePath] of Object.entries(pages)) {
      const page = await ext.context.newPage();
      await page.goto(url(pagePath));
      const nav = page.getByRole('navigation', { name: '知乎离线的页面' });
      await expect(nav.getByRole('link')).toHaveText(['资料库', '导出与导入', '设置']);
      await expect(nav.locator('[aria-current="page"]')).toHaveAttribute('data-page', current);
      await expect(nav.locator('[aria-current]')).toHaveCount(1);
      for (const target of ['library', 'transfer'] as const) {
        await nav.locator(`[data-page="${target}"]`).click();
        await expect(page).toHaveURL(url(pages[target]));
        await page.goto(url(pagePath));
      }
      if (current !== 'settings') {
        // 设置 opens the options page in its own tab (one settings tab, focused if open).
        const [opened] = await Promise.all([ext.context.waitForEvent('page'), nav.locator('[data-page="settings"]').click()]);
        await expect(opened).toHaveURL(url(SETTINGS));
        await opened.close();
      }
      await page.close();
    }

    // The reader links back to the library and to the settings; so does the popup.
    const reader = await ext.context.newPage();
    await reader.goto(url(`${READER}#answer%3A1`));
    await expect(reader.locator('#library')).toHaveAttribute('href', url(LIBRARY));
    const [fromReader] = await Promise.all([ext.context.waitForEvent('page'), reader.locator('#settings').click()]);
    await expect(fromReader).toHaveURL(url(SETTINGS));
    await fromReader.close();
    const popup = await openPopup(ext.context, ext.extensionId);
    const [fromPopup] = await Promise.all([ext.context.waitForEvent('page'), popup.locator('#settings').click()]);
    await expect(fromPopup).toHaveURL(url(SETTINGS));
  } finally {
    await ext.close();
  }
});
