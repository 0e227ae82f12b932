// First run and updates (issue 20): a Zhihu tab open before the extension is loaded, or open
// across an update, gets its save buttons without a refresh (the worker injects the content
// script), and never two sets of them: a second injection into a live tab does nothing, and after
// an update the old instance retires its own buttons only. A fresh install opens the first-run page.
import { expect, test, type Page } from '@playwright/test';
import { QUESTION } from './support/big-answer';
import { RELOAD_ARGS, launchDeferred, loadUnpackedNow, reloadExtension } from './support/extension-reload';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { launchWithExtension, welcomePage, WELCOME_PATH } from './support/launch';
import { DEFAULT_DIST_DIR } from './support/paths';

let server: FixtureServer;
test.beforeEach(async () => {
  server = await startFixtureServer();
});
test.afterEach(async () => {
  await server.close();
});

const SAVE = '[data-zo-action="save"]';

/** Marks the document from the page's main world: a reload would lose the mark. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __zoSameDocument: boolean }).__zoSameDocument = true;
  });
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __zoSameDocument?: boolean }).__zoSameDocument === true);
}

/** Every item carries exactly one button and one badge host: no second instance placed its own. */
async function expectOneSetOfButtons(page: Page, items: number): Promise<void> {
  await expect(page.locator(SAVE)).toHaveCount(items);
  await expect(page.locator('[data-zo-action="badge"]')).toHaveCount(items);
  await expect(page.locator('[data-zo-action="interrupted"]')).toHaveCount(0);
}

test('a Zhihu tab opened before the extension is loaded gets its buttons without a reload; the first-run page opens', async () => {
  const browser = await launchDeferred(DEFAULT_DIST_DIR, server);
  try {
    const zhihu = await browser.context.newPage();
    await zhihu.goto(QUESTION);
    await expect(zhihu.locator('.AnswerItem')).toHaveCount(5);
    await expect(zhihu.locator(SAVE)).toHaveCount(0);
    await markDocument(zhihu);

    const { extensionId, worker } = await loadUnpackedNow(browser.context, DEFAULT_DIST_DIR);
    await expectOneSetOfButtons(zhihu, 5);
    expect(await sameDocument(zhihu)).toBe(true);

    // The first-run page, in the UI language, with its link to 导出与导入.
    const welcome = await welcomePage(browser.context);
    expect(welcome.url()).toBe(`chrome-extension://${extensionId}/${WELCOME_PATH}`);
    await welcome.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await expect(welcome.locator('h1')).toHaveText('欢迎使用知乎离线');
    await expect(welcome.locator('#shortcut kbd')).toHaveText(['Alt', 'Shift', 'S']);
    await expect(welcome.locator('#shortcut')).toHaveText('在知乎页面上按 Alt+Shift+S，保存屏幕上正在看的那个回答。');
    await expect(welcome.locator('#to-transfer')).toHaveAttribute('href', `chrome-extension://${extensionId}/src/ui/transfer/transfer.html`);

    // Injecting once more into the live tab (as a tab still loading at install can get the
    // manifest's copy and ours) changes nothing: the same button elements stay.
    await zhihu.locator(SAVE).first().evaluate((b) => b.setAttribute('data-test-first', ''));
    const injected = await worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ url: 'https://www.zhihu.com/question/*' });
      const files = chrome.runtime.getManifest().content_scripts?.[0]?.js ?? [];
      await chrome.scripting.executeScript({ target: { tabId: tab?.id ?? -1 }, files });
      return files.length;
    });
    expect(injected).toBe(1);
    await zhihu.evaluate(() => document.body.append(document.createElement('div'))); // wakes both observers
    await expectOneSetOfButtons(zhihu, 5);
    await expect(zhihu.locator('[data-test-first]')).toHaveCount(1);

    // The injected buttons save.
    await zhihu.locator(SAVE).nth(1).click();
    await expect(zhihu.locator(SAVE).nth(1)).toHaveAttribute('data-zo-state', 'saved');
    expect(await sameDocument(zhihu)).toBe(true);
  } finally {
    await browser.close();
  }
});

test('a Zhihu tab open across an extension update: the old buttons go, the new instance places one set, no refresh', async () => {
  const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, extraArgs: RELOAD_ARGS });
  try {
    const zhihu = await ext.context.newPage();
    await zhihu.goto(QUESTION);
    await expectOneSetOfButtons(zhihu, 5);
    await markDocument(zhihu);
    await zhihu.locator(SAVE).evaluateAll((bs) => bs.forEach((b) => b.setAttribute('data-test-old', '')));

    await reloadExtension(ext, DEFAULT_DIST_DIR);
    await expect(zhihu.locator('[data-test-old]')).toHaveCount(0);
    await expectOneSetOfButtons(zhihu, 5);
    // The old instance notices its context is gone at its next check (every 5 s) or mutation;
    // past that, it must not have touched the new instance's buttons, badges or marks.
    await zhihu.waitForTimeout(6_000);
    await zhihu.evaluate(() => document.body.append(document.createElement('div')));
    await expectOneSetOfButtons(zhihu, 5);
    expect(await sameDocument(zhihu)).toBe(true);

    await zhihu.locator(SAVE).nth(1).click();
    await expect(zhihu.locator(SAVE).nth(1)).toHaveAttribute('data-zo-state', 'saved');
    // No first-run page after an update (the one from the install was closed by launch).
    expect(ext.context.pages().filter((p) => p.url().endsWith(WELCOME_PATH))).toHaveLength(0);
  } finally {
    await ext.close();
  }
});
