// Issue #5 reader on real saved pages: KaTeX from stored TeX, footnotes, link cards, zoom,
// tags and note kept, edit history diff, theme toggle; and the popup's save-page message path.
import { expect, test } from '@playwright/test';
import { DEMO_PAGES, MATH_ARTICLE, READER, saveAllOn } from '../scripts/demo-flow';
import { extensionUrl, openPopup } from './support/extension-pages';
import { zhihuSession } from './support/session';

const session = zhihuSession();

test('reader: math, footnotes, zoom, notes, history, theme — offline', async () => {
  const page = await session.ext.context.newPage();
  await saveAllOn(page, DEMO_PAGES[1] as string); // the math article
  await saveAllOn(page, 'https://www.zhihu.com/question/573874788'); // footnotes
  await session.server.stop();

  const errors: string[] = [];
  const reader = await session.ext.context.newPage();
  reader.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await reader.goto(extensionUrl(session.ext.extensionId, `${READER}#${encodeURIComponent(MATH_ARTICLE)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  expect(await reader.locator('.post-content .katex').count()).toBeGreaterThan(10);
  expect(await reader.locator('.post-content .katex-error, .post-content .math-error').count()).toBe(0);
  // Offline means offline: KaTeX fonts and CSS come from the extension.
  await reader.locator('.post-content img').first().click();
  await expect(reader.locator('dialog.zoom')).toBeVisible();
  await reader.keyboard.press('Escape');
  await expect(reader.locator('dialog.zoom')).toHaveCount(0);

  await reader.locator('#tag-input').fill('强化学习');
  await reader.locator('#tag-input').press('Enter');
  await reader.locator('#note').fill('第二遍再读');
  await expect(reader.locator('#note-status')).toHaveText('已保存');
  await reader.reload();
  await expect(reader.locator('#tags .chip-tag')).toHaveText(['强化学习×']);
  await expect(reader.locator('#note')).toHaveValue('第二遍再读');

  await reader.locator('#theme').click();
  expect(await reader.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

  // Footnotes: an answer of question 573874788 cites references; the list is built at the end.
  const withNotes = await reader.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
    });
    const rows = await new Promise<{ key: string; content: string }[]>((res) => {
      const r = db.transaction('contents').objectStore('contents').getAll();
      r.onsuccess = () => res(r.result as never);
    });
    db.close();
    return rows.find((r) => r.content.includes('data-draft-type="reference"'))?.key ?? null;
  });
  expect(withNotes).not.toBeNull();
  await reader.goto(extensionUrl(session.ext.extensionId, `${READER}#${encodeURIComponent(withNotes as string)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  expect(await reader.locator('.footnotes li').count()).toBeGreaterThan(0);
  await expect(reader.locator('sup.footnote-ref a').first()).toHaveAttribute('href', /^#fn-\d+$/);
  expect(errors).toEqual([]);
});

test('reader: edit history shows a readable diff', async () => {
  const page = await session.ext.context.newPage();
  await saveAllOn(page, 'https://www.zhihu.com/question/24657141');
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  const key = await popup.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
    });
    const tx = db.transaction(['posts', 'revisions'], 'readwrite');
    const post = await new Promise<{ key: string; title: string; meta: { savedAt: number; revisionCount?: number } }>((res) => {
      const r = tx.objectStore('posts').openCursor();
      r.onsuccess = () => res(r.result?.value as never);
    });
    tx.objectStore('revisions').add({ key: post.key, savedAt: post.meta.savedAt - 86_400_000, replacedAt: post.meta.savedAt, title: post.title, content: '<p>旧版本的第一句话。</p>', updatedAt: null });
    tx.objectStore('posts').put({ ...post, meta: { ...post.meta, revisionCount: 1 } });
    await new Promise((res) => (tx.oncomplete = res));
    db.close();
    return post.key;
  });
  const reader = await session.ext.context.newPage();
  await reader.goto(extensionUrl(session.ext.extensionId, `${READER}#${encodeURIComponent(key)}`));
  await expect(reader.locator('#history-summary')).toHaveText('修改记录（保存了 1 个早先版本）');
  await reader.locator('#history-summary').click();
  await expect(reader.locator('.diff del').first()).toContainText('旧版本');
  expect(await reader.locator('.diff ins').count()).toBeGreaterThan(0);
});

test('popup path: tab/save-in-view asks the Zhihu tab to save the item in view', async () => {
  const page = await session.ext.context.newPage();
  await page.goto('https://www.zhihu.com/question/24657141');
  await expect(page.locator('[data-zo-action="save"]')).toHaveCount(5);
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  const reply = await popup.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number }[]> }; runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome;
    const [tab] = await c.tabs.query({ url: 'https://www.zhihu.com/*' });
    return c.runtime.sendMessage({ type: 'tab/save-in-view', tabId: tab?.id });
  });
  expect(reply).toEqual({ ok: true, value: { key: expect.stringMatching(/^answer:\d+$/) } });
  await expect(page.locator('[data-zo-state="saved"]')).toHaveCount(1, { timeout: 20_000 });
});
