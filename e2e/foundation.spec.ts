// Walking skeleton, end to end: a real Zhihu page → save → IndexedDB → popup → offline reader.
import { expect, test } from '@playwright/test';
import { buttonStates, openPopup, recordButtonStates, watchPage } from './support/extension-pages';
import { imageBytesFor } from './support/fixture-server';
import { dumpDatabase } from './support/idb';
import { zhihuSession } from './support/session';

const QUESTION_URL = 'https://www.zhihu.com/question/24657141';
const QUESTION_TITLE = '孩子的性别刻板印象是如何形成的？它对孩子的发展有何利弊？';

const session = zhihuSession();

test('save the second answer of a real question page, list it in the popup and read it offline', async () => {
  const { context, extensionId } = session.ext;
  const page = await context.newPage();
  await page.goto(QUESTION_URL);
  const buttons = page.locator('[data-zo-action="save"]');
  await expect(buttons).toHaveCount(5);

  await recordButtonStates(page, 1);
  await buttons.nth(1).click();
  await expect(buttons.nth(1)).toHaveAttribute('data-zo-state', 'saved');
  await expect(buttons.nth(1)).toHaveText('已保存');
  // Progress events and the final reply travel on different channels, so only their order is asserted.
  const states = await buttonStates(page);
  expect(states[0]).toBe('saving:保存中…');
  expect(states.at(-1)).toBe('saved:已保存');
  expect(states.slice(1, -1).every((s) => /^saving:保存中 [01]\/1$/.test(s))).toBe(true);

  const popup = await openPopup(context, extensionId);
  const db = await dumpDatabase(popup);
  expect(db.posts).toHaveLength(1);
  const post = db.posts[0] as Record<string, unknown> & { meta: { images: string[]; url: string; authorInfo: { avatar: string } } };
  expect(Object.keys(post).sort()).toEqual(['author', 'categories', 'comments', 'date', 'headimg', 'key', 'meta', 'thumbnail', 'title']);
  const image = 'https://pica.zhimg.com/50/9ea08925b18e1bce2b4ea8e526e1b4cb_720w.jpg?source=1def8aca';
  expect(post).toMatchObject({
    key: 'answer:28552849',
    title: QUESTION_TITLE,
    categories: ['社交媒体', '知乎', '知乎回答'],
    author: '叶壮',
    comments: false,
    date: 'Wed, 30 Jul 2014 01:24:57 GMT',
    headimg: image,
    thumbnail: image,
  });
  expect(post.meta.url).toBe('https://www.zhihu.com/question/24657141/answer/28552849');
  expect(db.contents).toHaveLength(1);
  expect(db.contents[0]?.content).toContain('<p');
  expect(post.meta.images).toEqual([image]);
  // The content's image and the author's avatar (for the reader's header), each a whole blob.
  const avatar = post.meta.authorInfo.avatar;
  expect(avatar).toMatch(/^https:\/\/pic[a-z0-9]*\.zhimg\.com\//);
  const stored = (url: string) => ({ url, isBlob: true, size: imageBytesFor(url).length, type: 'image/png' });
  expect(db.images).toEqual([stored(image), stored(avatar)].sort((a, b) => (a.url < b.url ? -1 : 1)));
  // Downloaded without a Referer: zhimg would have answered 403 to a foreign one.
  expect(session.server.requests.filter((r) => r.path.includes('9ea08925b18e1bce2b4ea8e526e1b4cb')).map((r) => [r.referer, r.status])).toEqual([[undefined, 200]]);

  await popup.reload();
  const rows = popup.locator('.post-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(QUESTION_TITLE);
  await expect(rows.first()).toContainText('叶壮');
  await expect(rows.first().locator('img.post-thumb')).toHaveJSProperty('complete', true);
  await expect(rows.first().locator('a.post-original')).toHaveAttribute('href', 'https://www.zhihu.com/question/24657141/answer/28552849');

  const [reader] = await Promise.all([context.waitForEvent('page'), rows.first().locator('.post-open').click()]);
  await reader.waitForLoadState();
  await expect(reader.locator('#title')).toHaveText(QUESTION_TITLE);

  // Offline: Zhihu and zhimg are gone; the reader must still show text and every image.
  await session.server.stop();
  const seen = watchPage(reader);
  await reader.reload();
  await expect(reader.locator('#title')).toHaveText(QUESTION_TITLE);
  await expect(reader.locator('#byline')).toHaveText('叶壮 的回答');
  const content = reader.locator('#content');
  await expect(content).not.toBeEmpty();
  const imgs = content.locator('img');
  await expect(imgs).toHaveCount(1);
  await expect.poll(() => imgs.first().evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  expect(await imgs.first().getAttribute('src')).toMatch(/^blob:chrome-extension:/);
  const face = reader.locator('#author img.avatar');
  await expect.poll(() => face.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
  expect(await face.getAttribute('src')).toMatch(/^blob:chrome-extension:/);
  expect(seen.requests.filter((u) => !u.startsWith('chrome-extension://') && !u.startsWith('blob:'))).toEqual([]);
});

test('the popup says so clearly when nothing is saved', async () => {
  const popup = await openPopup(session.ext.context, session.ext.extensionId);
  await expect(popup.locator('#status')).toHaveText(/还没有保存任何内容/);
  await expect(popup.locator('.post-row')).toHaveCount(0);
});
