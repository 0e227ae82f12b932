// Issue #5 on Zhihu pages: save the item in view with the shortcut and the context menu, then
// the 已保存 / 已保存 · 知乎上已修改 badges after a reload.
//
// Headless Chromium neither shows context menus nor routes extension shortcuts, so both are
// fired through the real extension events from the service worker:
// `chrome.contextMenus.onClicked.dispatch(info, tab)` and `chrome.commands.onCommand.dispatch(command, tab)`.
// These run exactly the listeners the browser would call (src/background/menus.ts); only the
// user's click/keypress is simulated. The right-click itself is real (a DOM contextmenu event).
import { expect, test, type Page, type Worker } from '@playwright/test';
import { badgeTexts, pageView } from './support/badges';
import { openPopup } from './support/extension-pages';
import { zhihuSession } from './support/session';

const QUESTION_URL = 'https://www.zhihu.com/question/24657141';
const session = zhihuSession();

type Chrome = {
  tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
  contextMenus: { onClicked: { dispatch(info: object, tab: object): void } };
  commands: { onCommand: { dispatch(command: string, tab: object): void }; getAll(): Promise<{ name: string; shortcut: string }[]> };
};

async function fire(worker: Worker, what: 'menu' | 'command'): Promise<void> {
  await worker.evaluate(async (w) => {
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    const [tab] = await chrome.tabs.query({ url: 'https://www.zhihu.com/*' });
    if (!tab) throw new Error('no zhihu tab');
    if (w === 'menu') chrome.contextMenus.onClicked.dispatch({ menuItemId: 'zo-save-in-view', editable: false, pageUrl: tab.url }, tab);
    else chrome.commands.onCommand.dispatch('save-in-view', tab);
  }, what);
}

const buttons = (page: Page) => page.locator('[data-zo-action="save"]');

test('shortcut and context menu save the right answer; badges show after reload', async () => {
  const shortcuts = await session.ext.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: Chrome }).chrome.commands.getAll());
  expect(shortcuts).toContainEqual(expect.objectContaining({ name: 'save-in-view', shortcut: 'Alt+Shift+S' }));

  const page = await session.ext.context.newPage();
  await page.goto(QUESTION_URL);
  await expect(buttons(page)).toHaveCount(5);

  // Shortcut: the answer covering most of the viewport.
  await page.locator('.AnswerItem').nth(2).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await fire(session.ext.serviceWorker, 'command');
  await expect(buttons(page).nth(2)).toHaveAttribute('data-zo-state', 'saved', { timeout: 20_000 });

  // Context menu: the answer that was right-clicked, even if another fills the screen.
  await page.locator('.AnswerItem').nth(4).locator('.RichContent').first().click({ button: 'right' });
  await page.locator('.AnswerItem').nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await fire(session.ext.serviceWorker, 'menu');
  await expect(buttons(page).nth(4)).toHaveAttribute('data-zo-state', 'saved', { timeout: 20_000 });
  await expect(buttons(page).nth(0)).toHaveAttribute('data-zo-state', 'idle');

  // Make the stored copy of answer 4 look older than Zhihu's, as if the author edited it since.
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  const keys = await popup.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const store = db.transaction('posts', 'readwrite').objectStore('posts');
    const rows = await new Promise<{ key: string; meta: { updatedAt: number | null; savedAt: number } }[]>((res) => {
      const r = store.getAll();
      r.onsuccess = () => res(r.result as never);
    });
    const oldest = rows.sort((a, b) => a.meta.savedAt - b.meta.savedAt);
    const last = oldest[oldest.length - 1];
    if (last) store.put({ ...last, meta: { ...last.meta, updatedAt: 1_000 } });
    db.close();
    return oldest.map((r) => r.key);
  });
  expect(keys).toHaveLength(2);

  await page.reload();
  await expect(buttons(page)).toHaveCount(5);
  await expect.poll(() => badgeTexts(page, 'AnswerItem')).toEqual(['', '', '已保存', '', '已保存 · 知乎上已修改']);
  // The page's own script learns nothing of it: every item has a host, none it can open or read.
  expect(await pageView(page)).toEqual({ hosts: 5, readable: 0, text: '' });
});

test("the page's own script cannot save: its clicks and right-clicks are not the user's", async () => {
  const page = await session.ext.context.newPage();
  await page.goto(QUESTION_URL);
  await expect(buttons(page)).toHaveCount(5);
  // Zhihu's own script (the main world) clicks answer 1's save button and right-clicks answer 3.
  await page.evaluate(() => {
    (document.querySelectorAll('[data-zo-action="save"]')[1] as HTMLButtonElement).click();
    document.querySelectorAll('.AnswerItem')[3]?.querySelector('.RichContent')?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
  });
  // The user's menu click then means the answer in view, not the one the page right-clicked.
  await page.locator('.AnswerItem').nth(0).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await fire(session.ext.serviceWorker, 'menu');
  await expect(buttons(page).nth(0)).toHaveAttribute('data-zo-state', 'saved', { timeout: 20_000 });
  await expect(buttons(page).nth(1)).toHaveAttribute('data-zo-state', 'idle');
  await expect(buttons(page).nth(3)).toHaveAttribute('data-zo-state', 'idle');
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  const count = await popup.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const n = await new Promise<number>((res) => {
      const r = db.transaction('posts').objectStore('posts').count();
      r.onsuccess = () => res(r.result);
    });
    db.close();
    return n;
  });
  // A fresh browser for each test (zhihuSession): the one the user asked for, and nothing else.
  expect(count).toBe(1);
});
