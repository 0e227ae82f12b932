// The demo's steps, shared by `npm run demo` and e2e/library-screenshots.spec.ts: save real
// Zhihu pages (served by the fixture server at their real URLs) and photograph the product.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { badgeTexts } from '../e2e/support/badges';
import { extensionUrl } from '../e2e/support/extension-pages';

/** Real captures with the features worth showing: images, math, footnotes, link cards, code. */
export const DEMO_PAGES = [
  'https://www.zhihu.com/question/24657141',
  'https://zhuanlan.zhihu.com/p/22925478480',
  'https://www.zhihu.com/question/573874788',
  'https://www.zhihu.com/question/478590766',
  'https://www.zhihu.com/question/1945616882808895083',
  'https://www.zhihu.com/question/267306632',
];
export const MATH_ARTICLE = 'article:22925478480';
export const POPUP = 'src/ui/popup/popup.html';
export const LIBRARY = 'src/ui/library/library.html';
export const READER = 'src/ui/reader/reader.html';
export const SETTINGS = 'src/ui/settings/settings.html';
export const TRANSFER = 'src/ui/transfer/transfer.html';
export const WELCOME = 'src/ui/welcome/welcome.html';

/** Clicks every save button on `url`, one after the other, and waits for each to finish. */
export async function saveAllOn(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const buttons = page.locator('[data-zo-action="save"]');
  await buttons.first().waitFor({ timeout: 15_000 });
  const n = await buttons.count();
  for (let i = 0; i < n; i++) {
    await buttons.nth(i).click();
    await page.waitForFunction((k) => ['saved', 'error'].includes(document.querySelectorAll('[data-zo-action="save"]')[k]?.getAttribute('data-zo-state') ?? ''), i, { timeout: 30_000 });
  }
  return n;
}

export async function saveDemoPages(context: BrowserContext): Promise<number> {
  const page = await context.newPage();
  let saved = 0;
  for (const url of DEMO_PAGES) saved += await saveAllOn(page, url);
  await page.close();
  return saved;
}

export type Scheme = 'light' | 'dark';

/** PNGs of the popup, the library, the reader (the math article), settings, 导出与导入 and the first-run page in one colour scheme. */
export async function photographExtension(context: BrowserContext, extensionId: string, dir: string, scheme: Scheme): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const shots: string[] = [];
  const shoot = async (name: string, pagePath: string, size: { width: number; height: number }, ready: (p: Page) => Promise<unknown>, scrollTo?: string): Promise<void> => {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize(size);
    await page.goto(extensionUrl(extensionId, pagePath));
    await ready(page);
    await page.evaluate(() => document.fonts.ready);
    if (scrollTo) await page.locator(scrollTo).first().evaluate((el) => (el.closest('p, li, ul, ol') ?? el).scrollIntoView({ block: 'start' }));
    const file = path.join(dir, `${name}-${scheme}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
    await page.close();
  };
  await shoot('popup', POPUP, { width: 400, height: 620 }, (p) => p.locator('.post-row').first().waitFor());
  await shoot('library', LIBRARY, { width: 1280, height: 800 }, (p) => p.waitForFunction(() => document.documentElement.dataset.loaded === 'true'));
  const readerReady = (p: Page): Promise<unknown> => p.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await shoot('reader', `${READER}#${encodeURIComponent(MATH_ARTICLE)}`, { width: 1100, height: 1400 }, readerReady);
  // The same article further down: KaTeX display and inline formulas rendered offline from the stored TeX.
  await shoot('reader-math', `${READER}#${encodeURIComponent(MATH_ARTICLE)}`, { width: 1100, height: 1000 }, readerReady, '.post-content .katex-display, .post-content .katex');
  const ready = (p: Page): Promise<unknown> => p.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await shoot('settings', SETTINGS, { width: 1000, height: 760 }, ready);
  await shoot('transfer', TRANSFER, { width: 1000, height: 1000 }, (p) => p.locator('#scope-all:not(:empty)').waitFor());
  await shoot('welcome', WELCOME, { width: 1000, height: 1000 }, ready);
  return shots;
}

/** A Zhihu page with the save buttons and 已保存 badges, as the user sees it. */
export async function photographZhihu(context: BrowserContext, dir: string): Promise<string> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(DEMO_PAGES[0] as string);
  for (const deadline = Date.now() + 15_000; !(await badgeTexts(page, 'AnswerItem')).some((b) => b !== ''); ) {
    if (Date.now() > deadline) throw new Error('no 已保存 badge on the Zhihu page');
    await page.waitForTimeout(200);
  }
  await page.locator('[data-zo-action="save"]').first().evaluate((b) => b.scrollIntoView({ block: 'center' }));
  const file = path.join(dir, 'zhihu-page.png');
  await page.screenshot({ path: file });
  await page.close();
  return file;
}
