// Sync (issue #16) in real Chromium: two profiles with the built extension are two devices, syncing through
// a real WebDAV server (rclone serve webdav, reached over HTTPS at dav.example.net through
// e2e/support/webdav-front.ts). Posts are saved by real clicks on the fixture Zhihu; sync is set up and run
// from each library page's 同步 panel; every outcome is read from both profiles' IndexedDB.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { annotations } from './support/batch';
import { extensionUrl } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { dumpDatabase } from './support/idb';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { snapshotLibrary } from './support/library-snapshot';
import { readOutbox } from './support/outbox';
import { DEFAULT_DIST_DIR } from './support/paths';
import { configureSync, syncDevice, syncNow, type SyncDevice } from './support/sync-devices';
import { startDavFront, type DavFront } from './support/webdav-front';

const QUESTION = 'https://www.zhihu.com/question/372203058';
/** The page's first answer: it has two images. */
const KEY = 'answer:1018725542';

let server: FixtureServer;
let front: DavFront;
const opened: LaunchedExtension[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startFixtureServer();
  front = await startDavFront();
});

test.afterAll(async () => {
  for (const e of opened) await e.close();
  await front.close();
  await server.close();
});

type Device = SyncDevice;

/** A profile with the extension, and access to the sync server granted as by the user (grantHostPermission). */
async function device(): Promise<Device> {
  const d = await syncDevice(front, { server });
  opened.push(d.ext);
  return d;
}

const configure = (lib: Page, password = front.dav.password): Promise<void> => configureSync(lib, front, { password });

let A: Device;
let B: Device;

test('saved in A, synced in both: B holds the post and its images, and its reader shows it with the server down', async () => {
  A = await device();
  B = await device();
  for (const d of [A, B]) {
    await configure(d.lib);
    await expect(d.lib.locator('#sync .sync-status')).toHaveText('连接成功：可以同步了');
  }
  const zhihu = await A.ext.context.newPage();
  await zhihu.goto(QUESTION);
  const save = zhihu.locator('[data-zo-action="save"]').first();
  await save.click();
  await expect(save).toHaveAttribute('data-zo-state', 'saved');
  expect(await syncNow(A.lib)).toBe('done');
  await expect(A.lib.locator('#sync .sync-status')).toHaveText('已同步 · 刚刚');
  expect(await syncNow(B.lib)).toBe('done');
  await expect(B.lib.locator('#sync .sync-report')).toHaveText('取回 1 篇，上传 0 篇，本机删除 0 篇，服务器上删除 0 篇');

  const [a, b] = [await dumpDatabase(A.lib), await dumpDatabase(B.lib)];
  const inA = a.posts.find((p) => p.key === KEY);
  const inB = b.posts.find((p) => p.key === KEY);
  expect(inB?.meta).toEqual(inA?.meta);
  expect(b.contents.find((c) => c.key === KEY)?.content).toBe(a.contents.find((c) => c.key === KEY)?.content);
  const images = (inA?.meta as { images: string[] }).images;
  expect(images.length).toBe(2);
  for (const url of images) expect(b.images.find((i) => i.url === url)).toMatchObject({ isBlob: true, size: a.images.find((i) => i.url === url)?.size });
  // The new post is in B's list, and B's reader shows it whole with the server gone.
  await expect(B.lib.locator('.lib-row')).toHaveCount(1);
  await front.down();
  const reader = await B.ext.context.newPage();
  await reader.goto(extensionUrl(B.ext.extensionId, `src/ui/reader/reader.html#${encodeURIComponent(KEY)}`));
  await expect(reader.locator('#post .post-content img').first()).toBeVisible();
  expect(await reader.locator('#post .post-content img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await reader.close();
  await front.up();
});

test('a tag added in B reaches A; deleted in A, the post is gone from B', async () => {
  const row = B.lib.locator('.lib-row').first();
  await row.locator('.lib-check').check();
  await B.lib.locator('#tag-input').fill('同步过');
  await B.lib.locator('#tag-add').click();
  await expect(row.locator('.chip-tag')).toHaveText('同步过');
  expect(await syncNow(B.lib)).toBe('done');
  expect(await syncNow(A.lib)).toBe('done');
  expect((await annotations(A.lib)).get(KEY)).toEqual(['同步过']);

  await A.lib.reload();
  await A.lib.locator('.lib-row').first().locator('.lib-check').check();
  await A.lib.locator('#delete').click();
  await expect(A.lib.locator('.lib-row')).toHaveCount(0);
  // Its images go once the undo window has closed (the library's own delete), before the next tests measure A.
  await expect.poll(async () => (await dumpDatabase(A.lib)).images.length, { timeout: 30_000 }).toBe(0);
  expect(await syncNow(A.lib)).toBe('done');
  expect(await syncNow(B.lib)).toBe('done');
  expect((await dumpDatabase(B.lib)).posts.map((p) => p.key)).not.toContain(KEY);
});

/** The tags and note a profile keeps for KEY, read with the raw IndexedDB API. */
async function noteOf(page: Page): Promise<{ tags: string[]; note: string } | null> {
  return page.evaluate(async (k) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const row = await new Promise<{ tags: string[]; note: string } | undefined>((resolve, reject) => {
      const req = db.transaction('annotations').objectStore('annotations').get(k);
      req.onsuccess = () => resolve(req.result as { tags: string[]; note: string } | undefined);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return row ? { tags: row.tags, note: row.note } : null;
  }, KEY);
}

/** The revisions a profile keeps of a post (their text), read with the raw IndexedDB API. */
async function revisionsOf(page: Page, key: string): Promise<string[]> {
  return page.evaluate(async (k) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<{ key: string; content: string }[]>((resolve, reject) => {
      const req = db.transaction('revisions').objectStore('revisions').getAll();
      req.onsuccess = () => resolve(req.result as { key: string; content: string }[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows.filter((r) => r.key === k).map((r) => r.content);
  }, key);
}

test('the same answer saved in both after Zhihu changed it differently: the later wins on both, the other is kept as a revision on both', async () => {
  // SYNTHETIC pages: the real question page with its first answer's opening sentence changed, once for each profile.
  const real = readFileSync(path.join(server.fixturesDir, 'question-372203058.html'), 'utf8');
  const SENTENCE = '幼儿园当自己纳闷完为什么老师不让我和她们一起上厕所。';
  const saveEdited = async (d: Device, mark: string): Promise<void> => {
    server.addPage('www.zhihu.com', '/question/372203058', real.replaceAll(SENTENCE, `${mark}${SENTENCE}`), 'text/html; charset=utf-8');
    const zhihu = await d.ext.context.newPage();
    await zhihu.goto(QUESTION);
    const save = zhihu.locator('[data-zo-action="save"]').first();
    await save.click();
    await expect(save).toHaveAttribute('data-zo-state', 'saved');
    await expect.poll(() => readOutbox(d.lib)).toEqual([]);
    await zhihu.close();
  };
  await saveEdited(A, '甲改过：');
  await saveEdited(B, '乙改过：');
  server.addPage('www.zhihu.com', '/question/372203058', real, 'text/html; charset=utf-8');
  expect(await syncNow(A.lib)).toBe('done');
  expect(await syncNow(B.lib)).toBe('done');
  expect(await syncNow(A.lib)).toBe('done');
  for (const d of [A, B]) {
    const content = (await dumpDatabase(d.lib)).contents.find((c) => c.key === KEY)?.content ?? '';
    expect(content).toContain('乙改过：');
    expect(content).not.toContain('甲改过：');
    expect((await revisionsOf(d.lib, KEY)).some((r) => r.includes('甲改过：'))).toBe(true);
  }
});

test('tags and notes written in both readers: tags joined, both notes kept, on both; a tag then removed in B is removed in A', async () => {
  const readerOf = async (d: Device): Promise<Page> => {
    const reader = await d.ext.context.newPage();
    await reader.goto(extensionUrl(d.ext.extensionId, `src/ui/reader/reader.html#${encodeURIComponent(KEY)}`));
    await expect(reader.locator('#post')).toBeVisible();
    return reader;
  };
  for (const [d, tag, note] of [[A, '甲标签', '甲的想法'], [B, '乙标签', '乙的想法']] as const) {
    const reader = await readerOf(d);
    await reader.locator('#tag-input').fill(tag);
    await reader.locator('#tag-input').press('Enter');
    await reader.locator('#note').fill(note);
    // Both saves done (the tag's at once, the note's after a pause in typing), read back from the database.
    await expect.poll(() => noteOf(d.lib)).toEqual({ tags: [tag], note });
    await reader.close();
  }
  for (const d of [A, B, A, B]) expect(await syncNow(d.lib)).toBe('done');
  for (const d of [A, B]) {
    const kept = await noteOf(d.lib);
    expect(new Set(kept?.tags)).toEqual(new Set(['甲标签', '乙标签']));
    expect(kept?.note).toContain('甲的想法');
    expect(kept?.note).toContain('乙的想法');
  }
  // The same on both, and the reader shows it.
  expect(await noteOf(A.lib)).toEqual(await noteOf(B.lib));
  const shown = await readerOf(A);
  await expect(shown.locator('#note')).toHaveValue((await noteOf(A.lib))!.note);
  await shown.close();
  const reader = await readerOf(B);
  await reader.locator('#tags .chip-tag', { hasText: '甲标签' }).locator('.chip-remove').click();
  await expect(reader.locator('#tags .chip-tag')).toHaveText(['乙标签×']);
  await reader.close();
  for (const d of [B, A]) expect(await syncNow(d.lib)).toBe('done');
  expect((await annotations(A.lib)).get(KEY)).toEqual(['乙标签']);
});

/** A post in A not yet synced, then a sync that fails: its words, and A's library exactly as before. */
async function failingSync(answer: number, fault: string, id: string, setUp: () => Promise<void>, words: string, tearDown: () => Promise<void>): Promise<void> {
  const zhihu = await A.ext.context.newPage();
  await zhihu.goto(QUESTION);
  const save = zhihu.locator('[data-zo-action="save"]').nth(answer);
  await expect(save).toHaveAttribute('data-zo-state', 'idle');
  await save.click();
  await expect(save).toHaveAttribute('data-zo-state', 'saved');
  // Every part of the save done (images, outbox): the snapshot sees the library at rest.
  await expect.poll(() => readOutbox(A.lib)).toEqual([]);
  await zhihu.close();
  await setUp();
  const before = await snapshotLibrary(A.lib);
  expect(await syncNow(A.lib)).toBe('error');
  await expect(A.lib.locator('#sync .batch-error')).toHaveText(words);
  const after = await snapshotLibrary(A.lib);
  await tearDown();
  // Once the server is well again, the same sync goes through.
  expect(await syncNow(A.lib)).toBe('done');
  await recordFault({ ids: [id], fault, checked: `said "${words}"; the library unchanged by the failed sync; the next sync went through`, before, after: [after, await snapshotLibrary(A.lib)] });
}

test('wrong password: says so in words, changes nothing here', async () => {
  await failingSync(
    1,
    'sync with a wrong password (the WebDAV server answers 401)',
    'R30',
    () => configure(A.lib, 'not the password'),
    '用户名或密码错误：坚果云请使用“应用密码”',
    async () => {
      await configure(A.lib);
      await expect(A.lib.locator('#sync .sync-status')).toHaveText('连接成功：可以同步了');
    },
  );
});

test('server down: says so in words, changes nothing here', async () => {
  await failingSync(2, 'sync while the WebDAV server is down (connection refused)', 'R31', () => front.down(), '无法连接服务器：检查地址和网络后再试', () => front.up());
});

test('server full (507 on every upload): says so in words, changes nothing here', async () => {
  await failingSync(
    3,
    'sync to a WebDAV server that is full (HTTP 507 Insufficient Storage on every PUT)',
    'R32',
    async () => {
      front.full = true;
    },
    '服务器空间不足：清理空间或换一个服务器后再同步，本机的文章都还在',
    async () => {
      front.full = false;
    },
  );
});

test('自动同步: a save in B reaches the server by itself (30 s after the last save, no click), and A fetches it', async () => {
  await B.lib.reload();
  if (!(await B.lib.locator('#sync details').evaluate((d) => (d as HTMLDetailsElement).open))) await B.lib.locator('#sync summary').click();
  await B.lib.locator('#sync input[name="auto"]').check();
  await B.lib.locator('[data-zo-sync-action="save"]').click();
  await expect(B.lib.locator('#sync .sync-status')).toHaveText('连接成功：可以同步了');
  const zhihu = await B.ext.context.newPage();
  await zhihu.goto(QUESTION);
  const save = zhihu.locator('[data-zo-action="save"]').nth(4);
  await save.click();
  await expect(save).toHaveAttribute('data-zo-state', 'saved');
  const key = (await dumpDatabase(B.lib)).posts.map((p) => String(p.key)).find((k) => k !== KEY)!;
  const file = path.join(front.dav.dir, 'zhihu-offline/posts', ...key.split(':')) + '.json';
  // Chromium's worker runs it in an offscreen document, with the import's cleaner at hand.
  await expect.poll(() => existsSync(file), { timeout: 90_000, intervals: [2_000] }).toBe(true);
  await expect.poll(async () => (await B.lib.evaluate(async () => (await chrome.storage.local.get('syncLast')).syncLast as { report: { sent: number } } | undefined))?.report.sent ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  expect(await syncNow(A.lib)).toBe('done');
  expect((await dumpDatabase(A.lib)).posts.map((p) => String(p.key))).toContain(key);
});

test('the sync folder copied off the server is a backup: a third profile imports it as a folder and holds A\'s library with its images', async () => {
  const c = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  opened.push(c);
  const page = await c.context.newPage();
  await page.goto(extensionUrl(c.extensionId, 'src/ui/transfer/transfer.html'));
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#import-folder').setInputFiles(path.join(front.dav.dir, 'zhihu-offline'));
  const a = await dumpDatabase(A.lib);
  await expect(page.locator('#import-status')).toHaveText(new RegExp(`^已导入 ${a.posts.length} 篇`), { timeout: 30_000 });
  const imported = await dumpDatabase(page);
  expect(imported.posts.map((p) => String(p.key)).sort()).toEqual(a.posts.map((p) => String(p.key)).sort());
  for (const p of a.posts) expect(imported.contents.find((x) => x.key === p.key)?.content, String(p.key)).toBe(a.contents.find((x) => x.key === p.key)?.content);
  const urls = a.posts.flatMap((p) => (p.meta as { images: string[] }).images);
  for (const url of urls) expect(imported.images.find((i) => i.url === url)?.size, url).toBe(a.images.find((i) => i.url === url)?.size);
});
