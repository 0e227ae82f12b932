// Firefox smoke test (#7): dist/firefox in a real Firefox ESR, end to end, modelled on
// e2e/foundation.spec.ts: a real Zhihu page → a real click → IndexedDB (with the image blob)
// → the popup → the offline reader with the fixture server stopped.
//
// Run: `npm run test:firefox` (after `npm run build`). Node's own runner: one browser for the
// whole file, because each Firefox start costs seconds on the shared 2-core CI machine.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { strFromU8 } from 'fflate';
import type { ElementHandle, Page } from 'puppeteer-core';
import { imageBytesFor, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { fetchedTwice, listRequests } from '../support/batch';
import { COLLECTION_ID } from '../support/batch-routes';
import { clearEveryStore } from '../support/idb';
import { nextDownload } from './downloads';
import { findPage, LIBRARY, openExtensionPage, POPUP, READER, reloadExtensionPage, TRANSFER } from './extension-pages';
import { dumpDatabase } from './idb';
import { launchFirefoxWithExtension, type LaunchedFirefox } from './launch-firefox';
import { waitFor } from './wait';

const QUESTION_URL = 'https://www.zhihu.com/question/24657141';
const QUESTION_TITLE = '孩子的性别刻板印象是如何形成的？它对孩子的发展有何利弊？';
const ANSWER_URL = 'https://www.zhihu.com/question/24657141/answer/28552849';
const IMAGE = 'https://pica.zhimg.com/50/9ea08925b18e1bce2b4ea8e526e1b4cb_720w.jpg?source=1def8aca';
const SAVE = '[data-zo-action="save"]';
const SAVE_ALL = '[data-zo-action="save-all"]';

let server: FixtureServer;
let firefox: LaunchedFirefox;

before(async () => {
  server = await startFixtureServer();
  firefox = await launchFirefoxWithExtension(server);
});

after(async () => {
  await firefox?.close();
  await server?.close();
});

function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => (e.textContent ?? '').trim());
}

/** `state:text` of every save button, in page order. */
function buttonStates(page: Page): Promise<string[]> {
  return page.$$eval(SAVE, (bs) => bs.map((b) => `${b.getAttribute('data-zo-state') ?? ''}:${b.textContent ?? ''}`));
}

test('the popup says so clearly when nothing is saved', async () => {
  const popup = await openExtensionPage(firefox.browser, firefox.extensionOrigin + POPUP);
  await waitFor('the empty-library message', () => text(popup, '#status'), (s) => /Nothing saved yet/.test(s));
  assert.equal((await popup.$$('.post-row')).length, 0);
  await popup.close();
});

test('save the second answer of a real question page, list it in the popup and read it offline', async () => {
  const { browser, extensionOrigin } = firefox;
  const page = await browser.newPage();
  await page.goto(QUESTION_URL);
  // The content script runs at document_idle and puts one button on each of the five answers.
  await waitFor('five save buttons', () => buttonStates(page), (s) => s.length === 5);

  // Record every state the button goes through, from the page's main world, before clicking.
  await page.evaluate((selector) => {
    const button = document.querySelectorAll(selector)[1];
    if (!button) throw new Error('no second save button');
    const states: string[] = [];
    (window as unknown as { __zoStates: string[] }).__zoStates = states;
    new MutationObserver(() => {
      const now = `${button.getAttribute('data-zo-state') ?? ''}:${button.textContent ?? ''}`;
      if (states.at(-1) !== now) states.push(now);
    }).observe(button, { attributes: true, attributeFilter: ['data-zo-state'], childList: true, characterData: true, subtree: true });
  }, SAVE);
  const second = (await page.$$(SAVE))[1];
  assert.ok(second, 'second save button');
  await second.click(); // a real pointer click through BiDi input actions, not element.click()
  // Wait for the save to end, whichever way, then say how: a failed save fails at once.
  const ended = await waitFor('the save to end', () => buttonStates(page), (s) => /^(saved|error|interrupted)/.test(s[1] ?? ''));
  assert.equal(ended[1], 'saved:Saved');
  const states = await page.evaluate(() => (window as unknown as { __zoStates: string[] }).__zoStates);
  assert.equal(states[0], 'saving:Saving…');
  assert.equal(states.at(-1), 'saved:Saved');
  assert.ok(states.slice(1, -1).every((s) => /^saving:Saving [01]\/1$/.test(s)), `progress states: ${JSON.stringify(states)}`);

  const popup = await openExtensionPage(browser, extensionOrigin + POPUP);
  const db = await dumpDatabase(popup);
  assert.equal(db.posts.length, 1);
  const post = db.posts[0] as Record<string, unknown> & { meta: { images: string[]; url: string } };
  assert.deepEqual(Object.keys(post).sort(), ['author', 'categories', 'comments', 'date', 'headimg', 'key', 'meta', 'thumbnail', 'title']);
  assert.deepEqual(
    { key: post.key, title: post.title, categories: post.categories, author: post.author, comments: post.comments, date: post.date, headimg: post.headimg, thumbnail: post.thumbnail },
    { key: 'answer:28552849', title: QUESTION_TITLE, categories: ['社交媒体', '知乎', '知乎回答'], author: '叶壮', comments: false, date: 'Wed, 30 Jul 2014 01:24:57 GMT', headimg: IMAGE, thumbnail: IMAGE },
  );
  assert.equal(post.meta.url, ANSWER_URL);
  assert.equal(db.contents.length, 1);
  assert.match(db.contents[0]?.content ?? '', /<p/);
  assert.deepEqual(post.meta.images, [IMAGE]);
  // The content's image is stored, and every stored image (the content's, and whatever else the
  // save keeps, such as the author's avatar) is a whole blob of exactly what the server sent.
  assert.ok(db.images.some((i) => i.url === IMAGE), `stored images: ${JSON.stringify(db.images)}`);
  for (const stored of db.images) {
    assert.deepEqual(stored, { url: stored.url, isBlob: true, size: imageBytesFor(stored.url).length, type: 'image/png' });
  }
  // Fetched by the background without a Referer: the server, like zhimg, would refuse a foreign one.
  const imageRequests = server.requests.filter((r) => r.path.includes('9ea08925b18e1bce2b4ea8e526e1b4cb'));
  assert.deepEqual(imageRequests.map((r) => [r.referer, r.status]), [[undefined, 200]]);

  // The popup lists it, with its stored thumbnail decoded.
  await waitFor('one popup row', async () => (await popup.$$('.post-row')).length, (n) => n === 1);
  const row = await text(popup, '.post-row');
  assert.ok(row.includes(QUESTION_TITLE) && row.includes('叶壮'), row);
  await waitFor('the thumbnail to load', () => popup.$eval('.post-row img.post-thumb', (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth), (w) => Number(w) > 0);
  assert.equal(await popup.$eval('.post-row a.post-original', (a) => a.getAttribute('href')), ANSWER_URL);

  // The popup opens the reader with tabs.create.
  await popup.click('.post-row .post-open');
  const readerUrl = new RegExp(`^${extensionOrigin}${READER.replaceAll('.', '\\.')}#`);
  const reader = await findPage(browser, readerUrl);
  await waitFor('the reader title', () => text(reader, '#title'), (t) => t === QUESTION_TITLE);

  // Offline: Zhihu and zhimg are gone; the reader must still show the text and every image.
  await server.stop();
  await reloadExtensionPage(reader);
  await waitFor('the reader title, offline', () => text(reader, '#title'), (t) => t === QUESTION_TITLE);
  assert.equal(await text(reader, '#byline'), 'Answer by 叶壮');
  assert.notEqual(await text(reader, '#content'), '');
  // The content's one image, and every other image on the page (say, in the header), decodes
  // from a stored blob.
  const images = await waitFor(
    'the content image and every other reader image to decode',
    () =>
      reader.evaluate(() => ({
        inContent: document.querySelectorAll('#content img').length,
        all: [...document.images].map((i) => ({ src: i.getAttribute('src') ?? '', width: i.complete ? i.naturalWidth : 0 })),
      })),
    (is) => is.inContent === 1 && is.all.every((i) => i.width > 0),
  );
  for (const image of images.all) assert.match(image.src, /^blob:moz-extension:\/\//);
  // Everything the offline reader loaded came from the add-on itself or its blobs.
  const loaded = await reader.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.deepEqual(loaded.filter((u) => !u.startsWith('moz-extension://') && !u.startsWith('blob:')), []);
});

test('the library tab lists the saved answer and its full-text search finds it by a phrase of its body', async () => {
  const lib = await openExtensionPage(firefox.browser, firefox.extensionOrigin + LIBRARY);
  const rows = (): Promise<string[]> => lib.$$eval('.lib-row:not(.lib-row-loading)', (rs) => rs.map((r) => r.textContent ?? ''));
  const listed = await waitFor('one library row', rows, (r) => r.length === 1);
  assert.ok(listed[0]?.includes(QUESTION_TITLE), listed[0]);
  // Typed with real key events. With one post, "it matches" looks like "no search yet", so
  // the search is made to miss first and then to match again: the row coming back for a
  // non-empty query proves the phrase (in the answer's body, not its title) was found.
  const PHRASE = '自我性别的觉知';
  const MISS = '不在正文里';
  await lib.type('#search', PHRASE + MISS);
  await waitFor('no row for a phrase that is not in the body', rows, (r) => r.length === 0);
  assert.equal(await text(lib, '#empty'), 'Nothing matches.');
  for (let i = 0; i < MISS.length; i++) await lib.keyboard.press('Backspace');
  const back = await waitFor(
    'the row found again by the body phrase',
    async () => ({ query: await lib.$eval('#search', (i) => (i as HTMLInputElement).value), rows: await rows() }),
    (s) => s.query === PHRASE && s.rows.length === 1,
  );
  assert.ok(back.rows[0]?.includes(QUESTION_TITLE), back.rows[0]);
  await lib.close();
});

test('export: the Hexo ZIP is downloaded by Firefox and holds the answer in the seed format', async () => {
  const transfer = await openExtensionPage(firefox.browser, firefox.extensionOrigin + TRANSFER);
  await waitFor('the export form to count the saved post', () => text(transfer, '#scope-all'), (t) => /\b1\b/.test(t));
  await transfer.click('#export-start'); // Hexo is the default format; no file picker in Firefox, so a download
  await waitFor('the export to finish', () => text(transfer, '#export-status'), (t) => /^Exported 1 posts/.test(t));
  const entries = await nextDownload(firefox.downloadDir, 'zhihu-offline-hexo-');
  const names = Object.keys(entries.zip);
  assert.deepEqual(names, [`${QUESTION_TITLE}.md`]);
  const md = strFromU8(entries.zip[names[0] ?? ''] ?? new Uint8Array());
  // The seed's files open with a blank line, then the front matter.
  assert.ok(md.startsWith(`\n---\ntitle: '${QUESTION_TITLE}'\n`), md.slice(0, 200));
  assert.match(md, /\nauthor: 叶壮\n/);
  assert.match(md, /\ndate: Wed, 30 Jul 2014 01:24:57 GMT\n/);
  assert.match(md, /自我性别的觉知/);
  await transfer.close();
});

async function exportBackup(transfer: Page): Promise<Uint8Array> {
  const before = new Set(await readdir(firefox.downloadDir));
  await transfer.click('input[name="format"][value="backup"]');
  await transfer.click('#export-start');
  await waitFor('the backup export to finish', () => text(transfer, '#export-status'), (t) => /^Exported 1 posts/.test(t));
  return (await nextDownload(firefox.downloadDir, 'zhihu-offline-backup-', before)).bytes;
}

test('backup: exported, the library wiped, imported from the file, and the next backup is byte-identical', async () => {
  const transfer = await openExtensionPage(firefox.browser, firefox.extensionOrigin + TRANSFER);
  await waitFor('the export form to count the saved post', () => text(transfer, '#scope-all'), (t) => /\b1\b/.test(t));
  const first = await exportBackup(transfer);
  const saved = await dumpDatabase(transfer);
  assert.equal(saved.posts.length, 1);

  await transfer.evaluate(clearEveryStore);
  assert.equal((await dumpDatabase(transfer)).posts.length, 0);

  await reloadExtensionPage(transfer);
  const file = path.join(firefox.downloadDir, 'to-import.zip');
  await writeFile(file, first);
  const input = (await transfer.$('#import-files')) as ElementHandle<HTMLInputElement> | null;
  assert.ok(input, 'the import file input');
  await input.uploadFile(file);
  await waitFor('the import report', () => text(transfer, '#import-status'), (t) => /^Imported \d+ posts, skipped \d+/.test(t));
  assert.equal(await text(transfer, '#import-status'), 'Imported 1 posts, skipped 0');
  const restored = await dumpDatabase(transfer);
  assert.deepEqual(restored.posts, saved.posts);
  assert.deepEqual(restored.contents, saved.contents);
  assert.deepEqual(restored.images, saved.images);

  await reloadExtensionPage(transfer);
  await waitFor('the export form to count the imported post', () => text(transfer, '#scope-all'), (t) => /\b1\b/.test(t));
  const second = await exportBackup(transfer);
  assert.ok(Buffer.from(second).equals(Buffer.from(first)), 'the second backup differs from the first');
  await transfer.close();
});

// Batch save (issue #14) in Firefox: here the background is an event page with a DOM, so it normalizes each API
// item itself (src/background/batch/normalize.ts), where Chromium's worker asks a Zhihu tab. The 收藏夹's list
// envelopes are synthetic around real item objects (e2e/support/batch-routes.ts), as in the Chromium spec.
test('batch save: a 收藏夹 of mixed items over 4 pages, every answer, article and pin saved once with its tag, with the session', async () => {
  const { browser, extensionOrigin } = firefox;
  // The reader test above took Zhihu offline.
  await server.start();
  const popup = await openExtensionPage(browser, extensionOrigin + POPUP);
  await popup.evaluate(async () => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings?: Record<string, unknown> };
    await chrome.storage.local.set({ settings: { ...(settings ?? {}), batchDelayMs: 20 } });
  });
  const earlier = (await dumpDatabase(popup)).posts.map((p) => String(p.key));
  const page = await browser.newPage();
  await page.goto(`https://www.zhihu.com/collection/${COLLECTION_ID}`);
  const state = (): Promise<string> => page.$eval(SAVE_ALL, (b) => `${b.getAttribute('data-zo-state') ?? ''}:${b.textContent ?? ''}`);
  await waitFor('the save-all button', state, (s) => s === 'idle:Save all 4 items');
  await (await page.$(SAVE_ALL))?.click();
  const want = server.batch.collectionKeys;
  assert.ok(want.length >= 60, `${want.length} items`);
  const ended = await waitFor('the batch to end', state, (s) => /^(saved|paused|error|cancelled):/.test(s), 120_000);
  assert.equal(ended, `saved:Saved ${want.length} items; 1 could not be saved or were deleted`);

  const db = await dumpDatabase(popup);
  const keys = db.posts.map((p) => String(p.key)).filter((k) => !earlier.includes(k)).sort();
  assert.deepEqual(keys, [...want].sort());
  for (const kind of ['answer', 'article', 'pin']) assert.ok(keys.some((k) => k.startsWith(`${kind}:`)), kind);
  // Every post whole: its content, and every image it names stored.
  const contentKeys = new Set(db.contents.map((c) => c.key));
  const stored = new Set(db.images.filter((i) => i.isBlob && i.size > 0).map((i) => i.url));
  for (const p of db.posts) {
    assert.ok(contentKeys.has(String(p.key)), `content of ${String(p.key)}`);
    for (const u of (p.meta as { images: string[] }).images) assert.ok(stored.has(u), u);
  }
  const tags = await popup.evaluate(async () => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ key: string; tags: string[] }[]>((resolve, reject) => {
      const req = idb.transaction('annotations').objectStore('annotations').getAll();
      req.onsuccess = () => resolve(req.result as { key: string; tags: string[] }[]);
      req.onerror = () => reject(req.error);
    });
    idb.close();
    return rows;
  });
  const tagOf = new Map(tags.map((r) => [r.key, r.tags]));
  for (const k of want) assert.deepEqual(tagOf.get(k), ['收藏夹:日本文化'], k);
  // Zhihu's own paging, each page once, each request with the session cookie the page load set.
  const lists = listRequests(server);
  assert.equal(lists.filter((r) => r.status === 200).length, 4);
  assert.ok(lists.every((r) => r.session), JSON.stringify(lists.map((r) => [r.path, r.status, r.session])));
  assert.deepEqual(fetchedTwice(server), []);
  await page.close();
  await popup.close();
});

test('no uncaught error in the add-on\'s background page or any of its pages during the run', () => {
  assert.deepEqual(firefox.extensionErrors(), []);
});
