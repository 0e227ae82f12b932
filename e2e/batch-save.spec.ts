// Batch save (issue #14) in real Chromium: one real click on 保存全部… saves a whole question (the page's
// answers plus every real feeds page, followed from the page's own next link to is_end) through the
// same save path as a single click, with the user's session cookie and nothing fetched twice.
import { expect, test } from '@playwright/test';
import { fetchedTwice, listRequests, readBatches, setBatchDelay } from './support/batch';
import { openPopup } from './support/extension-pages';
import { dumpDatabase } from './support/idb';
import { zhihuSession } from './support/session';

const session = zhihuSession();
const QID = '372203058';
const QUESTION = `https://www.zhihu.com/question/${QID}`;

test('a question: the page plus 5 real API pages saved whole with one click, with the session cookie', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto(QUESTION);
  const pageKeys = await zhihu.locator('[data-zo-action="save"]').count();
  expect(pageKeys).toBe(5);
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await expect(button).toHaveText('保存全部 29 个回答');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 45_000 });
  await expect(button).toHaveText('已全部保存（29 项）');

  const db = await dumpDatabase(popup);
  const feedKeys = session.server.batch.feedKeys(QID);
  expect(feedKeys).toHaveLength(24);
  const keys = db.posts.map((p) => String(p.key));
  for (const k of feedKeys) expect(keys).toContain(k);
  expect(keys).toHaveLength(29);
  // Every image of every post stored.
  const stored = new Set(db.images.filter((i) => i.isBlob && i.size > 0).map((i) => i.url));
  for (const p of db.posts) for (const u of (p.meta as { images: string[] }).images) expect(stored.has(u), u).toBe(true);

  // Zhihu's own chain: 5 feeds pages, each once, each with the user's session.
  const requests = listRequests(session.server);
  expect(requests.filter((r) => r.status === 200)).toHaveLength(5);
  expect(requests.every((r) => r.session)).toBe(true);
  expect(fetchedTwice(session.server)).toEqual([]);
  const { batches } = await readBatches(popup);
  expect(batches).toMatchObject([{ id: `question:${QID}`, state: 'done', next: null, pagesFetched: 5, counts: { saved: 29, skipped: 0, failed: 0, unavailable: 0 } }]);
});
