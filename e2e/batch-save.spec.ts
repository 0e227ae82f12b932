// Batch save (issue #14) in real Chromium: one real click on 保存全部… saves a whole question (the page's
// answers plus every real feeds page, followed from the page's own next link to is_end) through the
// same save path as a single click, with the user's session cookie and nothing fetched twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { annotations, fetchedTwice, listRequests, pagesServed, readBatches, setBatchDelay } from './support/batch';
import { COLLECTION_ID, COLUMN_ID, PEOPLE_TOKEN } from './support/batch-routes';
import { snapshotLibrary } from './support/library-snapshot';
import { openPopup } from './support/extension-pages';
import { dumpDatabase } from './support/idb';
import { launchWithExtension } from './support/launch';
import { DEFAULT_DIST_DIR } from './support/paths';
import { zhihuSession } from './support/session';

const session = zhihuSession();
const QID = '372203058';
const QUESTION = `https://www.zhihu.com/question/${QID}`;

test('a question: the page plus 5 real API pages saved whole with one click, with the session cookie', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto(QUESTION);
  // Buttons appear once the content script ran: wait for them rather than counting at once.
  await expect(zhihu.locator('[data-zo-action="save"]')).toHaveCount(5);
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await expect(button).toHaveText('保存全部 29 个回答');
  // A page script's synthetic click (isTrusted false) starts nothing.
  await zhihu.evaluate(() => (document.querySelector('[data-zo-action="save-all"]') as HTMLButtonElement).click());
  await expect(button).toHaveAttribute('data-zo-state', 'idle');
  expect((await readBatches(popup)).batches).toEqual([]);
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

test('a 收藏夹 of 72 mixed items over 4 pages: every answer, article and pin saved with its tag; the deleted entry reported', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto(`https://www.zhihu.com/collection/${COLLECTION_ID}`);
  const button = zhihu.locator('[data-zo-action="save-all"]');
  // The real page says 4 items; the synthetic list behind it holds more (batch-routes.ts): counts follow the list.
  await expect(button).toHaveText('保存全部 4 项内容');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 50_000 });
  const want = session.server.batch.collectionKeys;
  expect(want.length).toBeGreaterThanOrEqual(60);
  await expect(button).toHaveText(`已保存 ${want.length} 项，1 项未能保存或已被删除`);

  const db = await dumpDatabase(popup);
  const keys = db.posts.map((p) => String(p.key)).sort();
  expect(keys).toEqual([...want].sort());
  for (const kind of ['answer', 'article', 'pin']) expect(keys.some((k) => k.startsWith(`${kind}:`)), kind).toBe(true);
  const tags = await annotations(popup);
  for (const k of want) expect(tags.get(k), k).toEqual(['收藏夹:日本文化']);
  expect(tags.has(session.server.batch.collectionDeletedKey)).toBe(false);

  const { batches, items } = await readBatches(popup);
  expect(batches[0]).toMatchObject({ id: `collection:${COLLECTION_ID}`, state: 'done', next: null, pagesFetched: 4, tag: '收藏夹:日本文化' });
  expect(items.filter((i) => i.state === 'unavailable')).toEqual([expect.objectContaining({ key: session.server.batch.collectionDeletedKey, reason: 'deleted or hidden' })]);
  // 4 pages, each once (one `next` came as http:// and was followed over https), stopped on is_end though totals said less.
  expect(pagesServed(session.server)).toHaveLength(4);
  expect(fetchedTwice(session.server)).toEqual([]);
});

test('a re-run of a finished batch saves nothing new and fetches no image', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto('https://www.zhihu.com/question/306794971');
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  const before = await snapshotLibrary(popup);
  const first = await dumpDatabase(popup);
  expect(first.posts).toHaveLength(12);
  // The first run did fetch images (so "none" below means something).
  expect(session.server.requests.filter((r) => /zhimg\.com$/.test(r.host) && r.referer === undefined).length).toBeGreaterThan(0);

  session.server.requests.length = 0;
  await zhihu.reload();
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  await expect(button).toHaveText('已全部保存（12 项）');
  // The extension fetches images without a Referer; the page's own <img> loads carry one.
  expect(session.server.requests.filter((r) => /zhimg\.com$/.test(r.host) && r.referer === undefined)).toEqual([]);
  const { batches } = await readBatches(popup);
  expect(batches[0]?.counts).toEqual({ saved: 0, skipped: 12, failed: 0, unavailable: 0 });
  // Not a record changed: no revision, no new image, posts as they were.
  const after = await snapshotLibrary(popup);
  for (const store of ['posts', 'contents', 'texts', 'images', 'postImages', 'revisions', 'annotations', 'counters']) expect(after[store], store).toEqual(before[store]);
});

/** A stored post as a comparison sees it: everything but when it was saved. */
function comparable(db: Awaited<ReturnType<typeof dumpDatabase>>, key: string): unknown {
  const post = db.posts.find((p) => p.key === key) as { meta: Record<string, unknown> } | undefined;
  if (!post) throw new Error(`${key} not stored`);
  const meta = { ...post.meta };
  delete meta.savedAt;
  delete meta.firstSavedAt;
  const images = (post.meta.images as string[]).map((u) => db.images.find((i) => i.url === u));
  return { ...post, meta, content: db.contents.find((c) => c.key === key)?.content, images };
}

test('a batch-saved answer is the same record as the same answer saved by its own button', async () => {
  // Batch save in this profile.
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto('https://www.zhihu.com/question/459980152');
  const all = zhihu.locator('[data-zo-action="save-all"]');
  await all.click();
  await expect(all).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  const batch = await dumpDatabase(popup);

  // Each answer of the page saved by its own button in a second, fresh profile on the same server.
  const other = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server: session.server });
  try {
    const page = await other.context.newPage();
    await page.goto('https://www.zhihu.com/question/459980152');
    const buttons = page.locator('[data-zo-action="save"]');
    await expect(buttons).toHaveCount(5);
    for (let i = 0; i < 5; i++) {
      await buttons.nth(i).click();
      await expect(buttons.nth(i)).toHaveAttribute('data-zo-state', 'saved', { timeout: 20_000 });
    }
    const clicked = await dumpDatabase(await openPopup(other.context, other.extensionId));
    expect(clicked.posts).toHaveLength(5);
    for (const p of clicked.posts) expect(comparable(batch, String(p.key)), String(p.key)).toEqual(comparable(clicked, String(p.key)));
  } finally {
    await other.close();
  }
});

test('a column and a person\'s answers, each over 3 pages, saved whole', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto(`https://www.zhihu.com/column/${COLUMN_ID}`);
  const column = zhihu.locator('[data-zo-action="save-all"]');
  await expect(column).toHaveText('保存全部 3 篇文章');
  await column.click();
  await expect(column).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });

  // No real people page was captured (SOURCES.md): a bare page at the real URL shape, no count in it.
  session.server.addPage('www.zhihu.com', `/people/${PEOPLE_TOKEN}/answers`, `<!doctype html><html><head><meta charset="utf-8"><title>deephub 的回答 - 知乎</title></head><body><main><h1>deephub</h1></main></body></html>`);
  await zhihu.goto(`https://www.zhihu.com/people/${PEOPLE_TOKEN}/answers`);
  const people = zhihu.locator('[data-zo-action="save-all"]');
  await expect(people).toHaveText('保存全部…');
  await people.click();
  await expect(people).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });

  const db = await dumpDatabase(popup);
  const keys = db.posts.map((p) => String(p.key)).sort();
  expect(keys).toEqual([...session.server.batch.columnKeys, ...session.server.batch.peopleKeys].sort());
  const tags = await annotations(popup);
  for (const k of session.server.batch.columnKeys) expect(tags.get(k), k).toEqual(['专栏:bigo前端']);
  for (const k of session.server.batch.peopleKeys) expect(tags.has(k), k).toBe(false);
  const { batches } = await readBatches(popup);
  expect(batches.map((b) => [b.id, b.state, b.pagesFetched]).sort()).toEqual([
    [`column:${COLUMN_ID}`, 'done', 3],
    [`people:${PEOPLE_TOKEN}:answers`, 'done', 3],
  ]);
  expect(fetchedTwice(session.server)).toEqual([]);
});

test('logged out (no session cookie): the API answers 401 and the batch pauses asking to log in, without retrying', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto('https://www.zhihu.com/question/306794971');
  await session.ext.context.clearCookies();
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'paused');
  await expect(button).toHaveText('请先登录知乎，然后点继续');
  expect(listRequests(session.server).map((r) => [r.status, r.session])).toEqual([[401, false]]);
  // The page's own answers were saved all the same.
  expect((await dumpDatabase(popup)).posts).toHaveLength(5);
});

// Synthetic page: the real question page with its answerCount raised from 12 to 14, as when Zhihu counts
// answers its list never gives (folded, or seen only by their authors). The list itself is the real one.
test('a list shorter than the page count: the finish says how many were listed and why the rest are missing, not 已全部保存', async () => {
  const { server, ext } = session;
  const page = readFileSync(join(server.fixturesDir, 'question-306794971.html'), 'utf8');
  expect(page.match(/"answerCount":12\b/g)).toHaveLength(1);
  server.addPage('www.zhihu.com', '/question/306794971', page.replace('"answerCount":12', '"answerCount":14'));
  const popup = await openPopup(ext.context, ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await ext.context.newPage();
  await zhihu.goto('https://www.zhihu.com/question/306794971');
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await expect(button).toHaveText('保存全部 14 个回答');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  await expect(button).toHaveText('已保存列表中的全部 12 项。知乎页面显示共 14 项，列表中只有 12 项：其余可能被折叠、仅作者可见或已删除，无法保存');
  expect((await dumpDatabase(popup)).posts).toHaveLength(12);
});

// Synthetic edit: one real answer object of the 收藏夹 given a new paragraph and a later updated_time, as Zhihu
// serves an answer its author edited; everything else is served as before.
test('a re-run after Zhihu edited one item: that item is saved again with its earlier version kept as a revision; the rest skipped, no image fetched', async () => {
  const { server, ext } = session;
  const popup = await openPopup(ext.context, ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await ext.context.newPage();
  await zhihu.goto(`https://www.zhihu.com/collection/${COLLECTION_ID}`);
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 50_000 });
  const want = server.batch.collectionKeys;
  const first = await dumpDatabase(popup);
  expect(first.posts).toHaveLength(want.length);

  const key = want.find((k) => k.startsWith('answer:')) ?? '';
  const object = server.batch.collectionObject(key);
  if (!object || typeof object.content !== 'string' || typeof object.updated_time !== 'number') throw new Error(`no editable answer object for ${key}`);
  const oldContent = first.contents.find((c) => c.key === key)?.content ?? '';
  object.content = `${object.content}<p>作者后来补充的一段。</p>`;
  object.updated_time += 3_600;

  server.requests.length = 0;
  await zhihu.reload();
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 50_000 });
  const { batches } = await readBatches(popup);
  expect(batches[0]?.counts).toEqual({ saved: 1, skipped: want.length - 1, failed: 0, unavailable: 1 });
  const after = await dumpDatabase(popup);
  expect(after.posts).toHaveLength(want.length);
  expect(after.contents.find((c) => c.key === key)?.content).toContain('作者后来补充的一段。');
  // Every other post's content as it was.
  for (const c of first.contents) if (c.key !== key) expect(after.contents.find((a) => a.key === c.key)?.content, c.key).toBe(c.content);
  const revisions = await popup.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const rows = await new Promise<{ key: string; content: string }[]>((resolve, reject) => {
      const req = db.transaction('revisions').objectStore('revisions').getAll();
      req.onsuccess = () => resolve(req.result as { key: string; content: string }[]);
      req.onerror = () => reject(req.error ?? new Error('read failed'));
    });
    db.close();
    return rows;
  });
  expect(revisions.map((r) => r.key)).toEqual([key]);
  expect(revisions[0]?.content).toBe(oldContent);
  // The edit added no image, and the skipped items fetched none.
  expect(server.requests.filter((r) => /zhimg\.com$/.test(r.host) && r.referer === undefined)).toEqual([]);
});

test('a person\'s 文章 and 想法 tabs, each saved whole from its own list', async () => {
  const { server, ext } = session;
  const popup = await openPopup(ext.context, ext.extensionId);
  await setBatchDelay(popup, 20);
  const zhihu = await ext.context.newPage();
  const saveTab = async (tab: 'posts' | 'pins', title: string): Promise<void> => {
    // No real people page was captured (SOURCES.md): a bare page at the real URL shape, no count in it.
    server.addPage('www.zhihu.com', `/people/${PEOPLE_TOKEN}/${tab}`, `<!doctype html><html><head><meta charset="utf-8"><title>deephub 的${title} - 知乎</title></head><body><main><h1>deephub</h1></main></body></html>`);
    await zhihu.goto(`https://www.zhihu.com/people/${PEOPLE_TOKEN}/${tab}`);
    const button = zhihu.locator('[data-zo-action="save-all"]');
    await expect(button).toHaveText('保存全部…');
    await button.click();
    await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  };
  await saveTab('posts', '文章');
  await saveTab('pins', '想法');

  const db = await dumpDatabase(popup);
  const keys = db.posts.map((p) => String(p.key)).sort();
  expect(server.batch.peoplePinKeys.length).toBeGreaterThanOrEqual(2);
  expect(keys).toEqual([...server.batch.columnKeys, ...server.batch.peoplePinKeys].sort());
  const contentKeys = new Set(db.contents.map((c) => c.key));
  for (const k of keys) expect(contentKeys.has(k), k).toBe(true);
  const { batches } = await readBatches(popup);
  expect(batches.map((b) => [b.id, b.state, b.counts.saved]).sort()).toEqual([
    [`people:${PEOPLE_TOKEN}:pins`, 'done', server.batch.peoplePinKeys.length],
    [`people:${PEOPLE_TOKEN}:posts`, 'done', server.batch.columnKeys.length],
  ]);
  const lists = listRequests(server).filter((r) => r.status === 200).map((r) => r.path.split('?')[0]);
  expect(new Set(lists)).toEqual(new Set([`/api/v4/members/${PEOPLE_TOKEN}/articles`, `/api/v4/members/${PEOPLE_TOKEN}/pins`]));
  expect(fetchedTwice(server)).toEqual([]);
});
