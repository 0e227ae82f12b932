// The watch (issue #17) in real Chromium against the fixture server, which changes what it serves between
// two checks: of a person's 12 saved answers, one is deleted on Zhihu, one edited, one hidden (folded), the
// rest unchanged. After 立即检查 the library, the reader and the popup say so; the edited one was saved again
// with its earlier version kept; the deleted one still reads whole, offline. The changed bodies are
// synthetic, built from the real objects (e2e/support/watch-routes.ts says how).
import { expect, test } from '@playwright/test';
import { JSDOM } from 'jsdom';
import { extensionUrl, openPopup, READER } from './support/extension-pages';
import { zhihuSession } from './support/session';
import { EDIT_TEXT } from './support/watch-routes';
import { answeredPerKey, openLibrary, readWatch, saveAnswersToWatch, statesByKey, watchPanel } from './support/watch';

const session = zhihuSession();

test('立即检查 between two changes on Zhihu: deleted, edited, hidden and unchanged answers get their states; filter, sort, reader and popup show them', async () => {
  const { context, extensionId } = session.ext;
  const popup = await openPopup(context, extensionId);
  const { keys } = await saveAnswersToWatch(context, session.server, popup);
  expect(keys).toHaveLength(12);
  const [deleted, edited, hidden, unchanged] = keys as [string, string, string, string];

  const library = await openLibrary(context, extensionId);
  const panel = watchPanel(library);
  await expect(panel).toHaveAttribute('data-zo-state', 'never');
  // First check: Zhihu serves every answer as it was saved.
  await panel.locator('[data-zo-watch-action="check-all"]').click();
  await expect(panel).toHaveAttribute('data-zo-state', 'done', { timeout: 30_000 });
  await expect(panel.locator('.watch-report')).toHaveText('检查了 12 项 · 已修改 0 · 已删除 0 · 已隐藏或折叠 0 · 已设为付费 0 · 无法访问 0');
  expect([...(await statesByKey(popup)).values()]).toEqual(Array(12).fill('visible'));

  const contentOf = (key: string): Promise<string | undefined> =>
    popup.evaluate(async (k) => {
      const db = await new Promise<IDBDatabase>((res) => {
        const r = indexedDB.open('zhihu-offline');
        r.onsuccess = () => res(r.result);
      });
      const row = await new Promise<{ content: string } | undefined>((res) => {
        const r = db.transaction('contents').objectStore('contents').get(k);
        r.onsuccess = () => res(r.result as { content: string } | undefined);
      });
      db.close();
      return row?.content;
    }, key);
  const before = { deleted: await contentOf(deleted), hidden: await contentOf(hidden), edited: await contentOf(edited) };

  session.server.watch.change(deleted, 'deleted');
  session.server.watch.change(edited, 'edited');
  session.server.watch.change(hidden, 'hidden');
  await panel.locator('[data-zo-watch-action="check-all"]').click();
  await expect(panel).toHaveAttribute('data-zo-state', 'done', { timeout: 30_000 });
  await expect(panel.locator('.watch-report')).toHaveText('检查了 12 项 · 已修改 1 · 已删除 1 · 已隐藏或折叠 1 · 已设为付费 0 · 无法访问 0');
  const states = await statesByKey(popup);
  expect([states.get(deleted), states.get(edited), states.get(hidden), states.get(unchanged)]).toEqual(['deleted', 'edited', 'hidden', 'visible']);
  // Each answer asked once per check: 12 + 12.
  expect([...answeredPerKey(session.server).values()]).toEqual(Array(12).fill(2));

  // Deleted and hidden: never touched. Edited: saved again with Zhihu's text, the earlier one kept.
  expect(await contentOf(deleted)).toBe(before.deleted);
  expect(await contentOf(hidden)).toBe(before.hidden);
  expect(await contentOf(edited)).toContain(EDIT_TEXT);
  expect(before.edited).not.toContain(EDIT_TEXT);

  // The filter finds each; the row says it; the sort puts the deleted one first.
  const rows = library.locator('.lib-row');
  const filter = library.locator('select[name="zhihu"]');
  for (const [state, key] of [['deleted', deleted], ['edited', edited], ['hidden', hidden]] as const) {
    await filter.selectOption(state);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-key', key);
    await expect(rows.first().locator('[data-zo-zhihu]')).toHaveAttribute('data-zo-zhihu', state);
  }
  await filter.selectOption('visible');
  await expect(rows).toHaveCount(9);
  await expect(library.locator(`.lib-row[data-key="${unchanged}"]`)).toHaveCount(1);
  await expect(library.locator('.lib-row [data-zo-zhihu]')).toHaveCount(0);
  await filter.selectOption('');
  await library.locator('select[name="sort"]').selectOption('zhihuState');
  await expect(rows.first()).toHaveAttribute('data-key', deleted);
  await expect(rows.nth(1)).toHaveAttribute('data-key', hidden);
  await expect(rows.nth(2)).toHaveAttribute('data-key', edited);
  if (process.env.ZO_WATCH_SHOT) await library.screenshot({ path: process.env.ZO_WATCH_SHOT });

  // The popup marks them.
  await popup.reload();
  await expect(popup.locator('.post-row [data-zo-zhihu="deleted"]')).toHaveText('已删除');
  await expect(popup.locator('.post-row [data-zo-zhihu="hidden"]')).toHaveText('已隐藏或折叠');
  await expect(popup.locator('.post-row [data-zo-zhihu="edited"]')).toHaveText('已修改');
  await expect(popup.locator('.post-row [data-zo-zhihu]')).toHaveCount(3);

  // Offline from here: the reader has only what was saved.
  await session.server.stop();
  const reader = await context.newPage();
  await reader.goto(extensionUrl(extensionId, `${READER}#${encodeURIComponent(edited)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(reader.locator('.zhihu-state')).toHaveText(/^知乎上已于 \d{4}-\d{2}-\d{2} 修改；这是你 \d{4}-\d{2}-\d{2} 保存的版本$/);
  await expect(reader.locator('#content')).toContainText(EDIT_TEXT);
  await reader.locator('#history-summary').click();
  await expect(reader.locator('.diff ins')).toContainText(EDIT_TEXT);
  await expect(reader.locator('#diff-from option')).toHaveCount(2);

  await reader.goto(extensionUrl(extensionId, `${READER}#${encodeURIComponent(deleted)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(reader.locator('.zhihu-state')).toHaveText(/^知乎上已于 \d{4}-\d{2}-\d{2} 删除；这是你 \d{4}-\d{2}-\d{2} 保存的版本$/);
  await expect(reader.locator('.zhihu-state')).toHaveAttribute('data-zo-zhihu', 'deleted');
  // Whole: every paragraph saved is there, every image from the library (no missing-image note).
  const savedText = new JSDOM(before.deleted ?? '').window.document.body.textContent?.replace(/\s+/g, '') ?? '';
  expect(savedText.length).toBeGreaterThan(20);
  expect((await reader.locator('#content').textContent())?.replace(/\s+/g, '')).toContain(savedText);
  const images = await reader.locator('#content img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
  for (const src of images) expect(src).toMatch(/^blob:/);
  await expect(reader.locator('#history')).toBeHidden();

  await reader.goto(extensionUrl(extensionId, `${READER}#${encodeURIComponent(unchanged)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(reader.locator('.zhihu-state')).toHaveText(/^\d{4}-\d{2}-\d{2} 检查时仍在知乎上可见$/);
  const runs = (await readWatch(popup)).runs;
  expect(runs.map((r) => r.state)).toEqual(['done', 'done']);
});

test('settings: with 只标记，保留我的版本 an edited answer is only marked; 检查所选 asks only about the selection; turning the watch on sets its alarm', async () => {
  const { context, extensionId } = session.ext;
  const popup = await openPopup(context, extensionId);
  await saveAnswersToWatch(context, session.server, popup);
  const settings = await context.newPage();
  await settings.goto(extensionUrl(extensionId, 'src/ui/settings/settings.html'));
  await settings.locator('[data-setting="watchKeepMine"]').getByLabel('只标记，保留我的版本').check();
  await settings.locator('[data-setting="watchEnabled"]').getByLabel('关注', { exact: true }).check();
  await expect.poll(() => popup.evaluate(async () => (await chrome.alarms.get('zo-watch'))?.periodInMinutes ?? null)).not.toBeNull();

  const library = await openLibrary(context, extensionId);
  const panel = watchPanel(library);
  await expect(panel.locator('.watch-schedule')).toContainText('定期检查：每周。');
  // The two rows on top; Zhihu has edited the first since.
  const rows = library.locator('.lib-row');
  const [edited, other] = await Promise.all([rows.nth(0).getAttribute('data-key'), rows.nth(1).getAttribute('data-key')]);
  if (!edited || !other) throw new Error('no rows');
  session.server.watch.change(edited, 'edited');
  for (const key of [edited, other]) await library.locator(`.lib-row[data-key="${key}"] .lib-check`).click();
  await expect(panel.locator('[data-zo-watch-action="check-selection"]')).toHaveText('检查所选（2 项）');
  await panel.locator('[data-zo-watch-action="check-selection"]').click();
  await expect(panel).toHaveAttribute('data-zo-state', 'done', { timeout: 30_000 });
  await expect(panel.locator('.watch-report')).toHaveText('检查了 2 项 · 已修改 1 · 已删除 0 · 已隐藏或折叠 0 · 已设为付费 0 · 无法访问 0');
  // Only the selection was asked about (the schedule's own check of everything may follow; it is not awaited here).
  const run = (await readWatch(popup)).runs.find((r) => r.total === 2);
  expect(run).toMatchObject({ state: 'done', counts: { checked: 2, edited: 1, resaved: 0 } });
  expect((await statesByKey(popup)).get(edited)).toBe('edited');
  // Marked, kept as saved: no revision, the text without Zhihu's new paragraph.
  const reader = await context.newPage();
  await reader.goto(extensionUrl(extensionId, `${READER}#${encodeURIComponent(edited)}`));
  await expect(reader.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(reader.locator('.zhihu-state')).toHaveText(/^知乎上已于 \d{4}-\d{2}-\d{2} 修改；这是你 \d{4}-\d{2}-\d{2} 保存的版本$/);
  await expect(reader.locator('#content')).not.toContainText(EDIT_TEXT);
  await expect(reader.locator('#history')).toBeHidden();
});
