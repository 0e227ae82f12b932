// R15 in real Chromium: a backup import on the 导出与导入 page dies partway, killed by an extension
// reload (as chrome://extensions' reload button or an update does) while its writes are held by
// the database. The import stages its posts a batch at a time, then writes its images 20 per
// transaction, then everything else in one transaction (src/storage/import-apply.ts): the test kills
// it midway through its posts (a v2 backup of more posts than a batch), midway through its images,
// and with every image written and the commit waiting. Each time the library must be as it was,
// except for staged posts and images no post refers to, which the reopened page reports and
// removes; and the same file imports whole after the reload. A last test fires that sweep while an
// import is midway: it must wait for the import, not take the images the import has not committed yet.
import { expect, test, type Page, type Worker } from '@playwright/test';
import type { BackupImageInput, BackupPost } from '../src/backup/format';
import { backupZip, sourceOf } from '../src/backup/write';
import { collectStream } from '../src/zip/writer';
import { readBackup } from '../src/backup/read';
import { bytesSource } from '../src/zip/reader';
import { imageRefUrls } from '../src/storage/image-refs';
import { extensionUrl, POPUP, TRANSFER } from './support/extension-pages';
import { RELOAD_ARGS, reloadExtension } from './support/extension-reload';
import { recordFault } from './support/fault-table';
import { digestDatabase, dumpDatabase } from './support/idb';
import { snapshotLibrary, type LibrarySnapshot } from './support/library-snapshot';
import { extensionWorker } from './support/launch';
import { fireSweepAlarm, imageUrls, storedImageUrls, sweepAlarm } from './support/orphan-sweep';
import { DEFAULT_DIST_DIR } from './support/paths';
import { zhihuSession } from './support/session';
import { seedPosts } from './support/seed-posts';

const session = zhihuSession({ extraArgs: RELOAD_ARGS });

const QUESTION_URL = 'https://www.zhihu.com/question/24657141';
/** The backup: new posts, the first IMAGED each with its own content images and one of a few shared avatars. */
const NEW_POSTS = 60;
const IMAGED = 60;
const IMAGES_PER_POST = 4;
const AVATARS = 5;
/** Seeded library posts the backup carries in a newer version (the import would replace them). */
const NEWER = ['answer:9000000000', 'answer:9000000001'];
const IMPORT_DAY = Date.UTC(2025, 5, 1);

/** Two real answers through the save button (content image, avatars), then synthetic posts. */
async function fillLibrary(): Promise<Page> {
  const zhihu = await session.ext.context.newPage();
  await zhihu.goto(QUESTION_URL);
  const buttons = zhihu.locator('[data-zo-action="save"]');
  for (const i of [0, 1]) {
    await buttons.nth(i).click();
    await expect(buttons.nth(i)).toHaveAttribute('data-zo-state', 'saved');
  }
  await zhihu.close();
  const page = await openTransfer();
  await seedPosts(page, { count: 40, textChars: 600 });
  // From the next load on, the page logs the IndexedDB transactions it asks for (see armHold).
  await page.addInitScript(logTransactions);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

async function openTransfer(): Promise<Page> {
  const page = await openPage(TRANSFER);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

async function openPage(path: string): Promise<Page> {
  const page = await session.ext.context.newPage();
  await page.goto(extensionUrl(session.ext.extensionId, path));
  return page;
}

/**
 * Deterministic bytes standing for an image: PNG's signature, then noise (the import stores raster
 * bytes only, judged by their signature, and stores them as they are).
 */
function imageBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(12_000 + (n % 7) * 3_000);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let s = n + 1;
  for (let i = 8; i < bytes.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = s >>> 16;
  }
  return bytes;
}

interface Backup {
  zip: Uint8Array;
  posts: BackupPost[];
  /** Every image URL in the file, in the order the import writes them. */
  images: string[];
}

/**
 * A backup ZIP written by the project's own export code (src/backup/write.ts, format v2): `count` new
 * posts, the first 60 with 4 images each and 5 avatars, one of them also using an image the library
 * already has, and newer versions of two library posts.
 */
async function buildBackup(library: Page, count = NEW_POSTS): Promise<Backup> {
  const dump = await dumpDatabase(library);
  const stored = dump.posts as unknown as BackupPost[];
  const shared = stored.flatMap((p) => p.meta.images)[0];
  if (!shared) throw new Error('the saved answers stored no image');
  const img = (name: string): string => `https://pic1.zhimg.com/v2-r15${name}.png`;
  const posts: BackupPost[] = [];
  for (let i = 0; i < count; i++) {
    const id = String(7_700_000_000 + i);
    const images = i < IMAGED ? Array.from({ length: IMAGES_PER_POST }, (_, j) => img(`-${i}-${j}`)) : [];
    if (i === 0) images.push(shared);
    const savedAt = IMPORT_DAY + i * 60_000;
    posts.push({
      key: `answer:${id}`,
      title: `导入的第${i + 1}篇回答`,
      categories: ['导入'],
      headimg: '',
      author: `作者${i % AVATARS}`,
      comments: false,
      date: new Date(savedAt).toUTCString(),
      thumbnail: '',
      meta: {
        kind: 'answer', id, url: `https://www.zhihu.com/question/2/answer/${id}`, question: null, topics: ['导入'],
        authorInfo: { name: `作者${i % AVATARS}`, url: '', avatar: i < IMAGED ? img(`-avatar-${i % AVATARS}`) : '', headline: '' },
        createdAt: savedAt - 86_400_000, updatedAt: savedAt - 86_400_000, voteCount: i, commentCount: 0, excerpt: `第${i + 1}篇`,
        sourceUrl: 'https://www.zhihu.com/', firstSavedAt: savedAt, savedAt, complete: true, incompleteReason: null, images, missingImages: [], revisionCount: 0,
      },
      content: `<p>导入的第${i + 1}篇回答的正文。</p>${images.map((u) => `<figure><img src="${u}"></figure>`).join('')}`,
    });
  }
  for (const key of NEWER) {
    const row = stored.find((p) => p.key === key);
    if (!row) throw new Error(`no seeded post ${key}`);
    const savedAt = row.meta.savedAt + 3_600_000;
    posts.push({ ...row, title: `${row.title}（新版）`, meta: { ...row.meta, savedAt, updatedAt: savedAt }, content: '<p>导入的新版本。</p>' });
  }
  const urls = [...new Set(posts.flatMap((p) => imageRefUrls(p.meta)))];
  const inputs: BackupImageInput[] = urls.map((url, n) => {
    const data = imageBytes(n);
    return { url, type: 'image/png', size: data.length, storedAt: IMPORT_DAY, data };
  });
  const zip = await collectStream(backupZip(sourceOf(posts, inputs)));
  // Read back with the importer the page uses, for the order its images are written in.
  const read = await readBackup(bytesSource(zip));
  if (!read.ok) throw new Error(`backup does not read back: ${read.error.code}`);
  return { zip, posts, images: read.value.images.map((i) => i.url) };
}

interface HoldState {
  /** Transactions the page asked IndexedDB for, in order. */
  zoTx: { stores: string[]; mode: string }[];
  zoHeld?: { txBefore: number; keys: string[] | null };
  /** Set to let the hold go (its transaction then commits). */
  zoRelease?: boolean;
}

/**
 * An init script: logs every IndexedDB transaction the page asks for. It must run before the
 * page's own scripts, since Dexie binds `IDBDatabase.prototype.transaction` when it opens.
 */
function logTransactions(): void {
  const w = window as unknown as HoldState;
  const original = IDBDatabase.prototype.transaction;
  w.zoTx = [];
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
    w.zoTx.push({ stores: [names].flat().sort(), mode: mode ?? 'readonly' });
    return original.call(this, names, mode, options);
  };
}

/**
 * Arms a hold in the import's own page: a second connection takes a read-write transaction on
 * `store` and keeps it alive (always one request pending) until the page dies. With `after` 0 it
 * is taken at once; otherwise by a MutationObserver on the progress line, synchronously, as soon as
 * the import says it staged that many posts or wrote that many images (`after.what`; the import then
 * waits a task before its next write, so the hold is always ahead of it). Living in the import's
 * page, the hold cannot end before the import's page does: there is no moment in which the import
 * could go on writing. It ends only with the page, or when the test lets it go (releaseHold).
 */
async function armHold(page: Page, store: Case['store'], after: Case['after']): Promise<void> {
  await page.evaluate(
    async ({ store, after }) => {
      const w = window as unknown as HoldState;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const hold = (): void => {
        const os = db.transaction(store, 'readwrite').objectStore(store);
        const held = { txBefore: w.zoTx.length, keys: null as string[] | null };
        w.zoHeld = held;
        const keys = os.getAllKeys();
        keys.onsuccess = () => (held.keys = (keys.result as IDBValidKey[]).map(String));
        const ask = (): void => {
          if (!w.zoRelease) os.get('').onsuccess = ask;
        };
        ask();
      };
      if (after === 0) return hold();
      const status = document.getElementById('import-status');
      if (!status) throw new Error('no import status');
      // 正在导入：文章 200 / 452，图片 0 / 245
      const line = after.what === 'posts' ? /^正在导入：文章 ([\d,]+) \// : /^正在导入：.*，图片 ([\d,]+) \//;
      const observer = new MutationObserver(() => {
        const m = line.exec(status.textContent ?? '');
        if (!m?.[1] || Number(m[1].replace(/,/g, '')) < after.count) return;
        observer.disconnect();
        hold();
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    },
    { store, after },
  );
}

async function releaseHold(page: Page): Promise<void> {
  await page.evaluate(() => void ((window as unknown as HoldState).zoRelease = true));
}

/** Resolves once the hold is taken and the import has asked for a read-write transaction on `store` after it. */
async function importBlocked(page: Page, store: string): Promise<{ heldKeys: string[] }> {
  await page.waitForFunction(
    (store) => {
      const w = window as unknown as HoldState;
      const held = w.zoHeld;
      return !!held?.keys && w.zoTx.slice(held.txBefore).some((t) => t.mode === 'readwrite' && t.stores.includes(store));
    },
    store,
    { polling: 'raf' },
  );
  return { heldKeys: await page.evaluate(() => (window as unknown as HoldState).zoHeld?.keys ?? []) };
}

async function chooseFile(page: Page, zip: Uint8Array): Promise<void> {
  await page.locator('#import-files').setInputFiles({ name: 'zhihu-offline-backup-20250601.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
}

/** Imports and waits for the outcome line. */
async function importWhole(page: Page, zip: Uint8Array): Promise<string> {
  await chooseFile(page, zip);
  const status = page.locator('#import-status');
  await expect(status).not.toHaveText(/^(正在导入|正在写入图片)/);
  await expect(status).not.toBeEmpty();
  return (await status.textContent()) ?? '';
}

const without = (all: readonly string[], gone: readonly string[]): string[] => all.filter((u) => !gone.includes(u));
const digestsBut = <T extends Record<string, unknown>>(d: T, store: string): Partial<T> => Object.fromEntries(Object.entries(d).filter(([k]) => k !== store)) as Partial<T>;

interface Case {
  name: string;
  /**
   * The store held: the import's next write waits on it. `importStage` is where posts are staged a
   * batch at a time. `counters` is the last store the commit writes (the post count, after every
   * post): an import that committed in several steps would have written its posts, contents and
   * texts before blocking there.
   */
  store: 'importStage' | 'images' | 'counters';
  /** Posts staged or images written before the hold lands (0: held from the start). */
  after: 0 | { what: 'posts' | 'images'; count: number };
  /** New posts in the backup. */
  posts: number;
}

/** Posts the import stages per transaction (src/storage/import-apply.ts POST_CHUNK). */
const POST_BATCH = 200;

const CASES: Case[] = [
  { name: 'midway through its posts', store: 'importStage', after: { what: 'posts', count: POST_BATCH }, posts: 2 * POST_BATCH + 50 },
  { name: 'midway through its images', store: 'images', after: { what: 'images', count: 100 }, posts: NEW_POSTS },
  { name: 'with every image written and its commit waiting', store: 'counters', after: 0, posts: NEW_POSTS },
];

/** The progress line while posts or images are read (import-ui.ts; numbers the Chinese way, which below 1,000 is plain). */
const number = (n: number): string => n.toLocaleString('en-US');
const progressLine = (posts: number, postsTotal: number, images: number, imagesTotal: number): string => `正在导入：文章 ${number(posts)} / ${number(postsTotal)}，图片 ${number(images)} / ${number(imagesTotal)}`;

for (const c of CASES) {
  test(`an import killed by an extension reload ${c.name} leaves the library as it was; the sweep drops its images; the file then imports whole`, async () => {
    test.setTimeout(150_000);
    const page = await fillLibrary();
    const backup = await buildBackup(page, c.posts);
    const total = backup.images.length;
    const postsTotal = c.posts + NEWER.length;
    const before: LibrarySnapshot = await snapshotLibrary(page);
    const digest = await digestDatabase(page);
    const beforeImages = await imageUrls(page);
    // Nothing to sweep before the fault: every stored image has a post.
    expect(beforeImages.stored).toEqual(beforeImages.referenced);
    expect(beforeImages.stored.length).toBeGreaterThan(0);
    const fresh = without(backup.images, beforeImages.stored);
    expect(fresh).toHaveLength(total - 1);

    await armHold(page, c.store, c.after);
    await chooseFile(page, backup.zip);
    const { heldKeys } = await importBlocked(page, c.store);
    const status = page.locator('#import-status');
    const at = c.after === 0 ? total : c.after.what === 'images' ? c.after.count : 0;
    // The images the import had written when it was stopped (its posts are checked after the kill).
    let written: string[];
    if (c.store === 'importStage') {
      // One batch staged, the next one waiting: no image written yet, nothing in the library.
      await expect(status).toHaveText(progressLine(POST_BATCH, postsTotal, 0, total));
      expect(heldKeys).toHaveLength(POST_BATCH);
      written = without(await storedImageUrls(page), beforeImages.stored);
      expect(written).toEqual([]);
    } else if (c.store === 'images') {
      await expect(status).toHaveText(progressLine(postsTotal, postsTotal, at, total));
      written = without(heldKeys, beforeImages.stored);
      expect(written).toEqual(without(backup.images.slice(0, at), beforeImages.stored).sort());
      expect(written.length).toBeGreaterThan(0);
    } else {
      await expect(status).toHaveText('正在导入：写入资料库…');
      written = without(await storedImageUrls(page), beforeImages.stored);
      expect(written).toEqual([...fresh].sort());
      expect(written.length).toBeGreaterThan(0);
    }

    // The fault: the extension is reloaded; its pages close, the import's with its hold.
    const pageGone = page.waitForEvent('close', { timeout: 30_000 });
    const worker = await reloadExtension(session.ext, DEFAULT_DIST_DIR);
    await pageGone;

    // Looked at from the popup first: the 导出与导入 page, once opened, reports the dead import and sweeps.
    const look = await openPage(POPUP);
    // Atomic: no post, content, text, reference, revision, note or count of the backup arrived. (Its
    // staged posts may still be in the staging area, or already cleared by the restarted worker.)
    const afterKill = await digestDatabase(look);
    expect(digestsBut(digestsBut(afterKill, 'images'), 'importStage')).toEqual(digestsBut(digestsBut(digest, 'images'), 'importStage'));
    // The images it wrote stay behind, referenced by nothing; the library's own are untouched.
    const left = await imageUrls(look);
    expect(left.referenced).toEqual(beforeImages.referenced);
    expect(without(left.stored, beforeImages.stored)).toEqual(written);
    expect(beforeImages.stored.every((u) => left.stored.includes(u))).toBe(true);
    const killed = await snapshotLibrary(look);
    // The restarted worker clears what the dead import staged by itself (import-stage.ts), page or not.
    await expect.poll(async () => (await digestDatabase(look)).importStage?.count).toBe(0);
    // The reloaded worker has its daily sweep scheduled again (the last test fires it).
    expect((await sweepAlarm(worker))?.periodInMinutes).toBe(24 * 60);

    // Reopened, the page says the import did not happen (transfer-journal.ts) and at once removes
    // exactly the images it had left, rather than at the next daily sweep.
    const back = await openTransfer();
    await expect(back.locator('body')).toHaveAttribute('data-import-swept', String(written.length));
    const said = back.locator('#import-status');
    await expect(said).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 开始的导入没有完成：页面被关闭，或扩展被重新加载、更新。导入只会整体生效，所以这次什么都没有导入，保存的内容没有任何改动。请重新导入。$/);
    await expect(said).toHaveClass('tf-error');
    expect((await imageUrls(back)).stored).toEqual(beforeImages.stored);
    expect(await digestDatabase(back)).toEqual(digest);
    const swept = await snapshotLibrary(back);
    expect(swept).toEqual(before);

    // The same file again, with the extension back: it imports whole.
    expect(await importWhole(back, backup.zip)).toBe(`已导入 ${number(postsTotal)} 篇，跳过 0 篇`);
    const done = await imageUrls(back);
    expect(done.stored).toEqual([...new Set([...beforeImages.stored, ...backup.images])].sort());
    expect(done.referenced).toEqual(done.stored);
    const final = await snapshotLibrary(back);
    const keyOf = (k: string): string => JSON.stringify(k);
    for (const p of backup.posts) {
      for (const s of ['posts', 'contents', 'texts']) expect(final[s]?.[keyOf(p.key)], `${s} ${p.key}`).toBeDefined();
      for (const url of imageRefUrls(p.meta)) expect(final.postImages?.[JSON.stringify([p.key, url])], `${p.key} → ${url}`).toBeDefined();
    }
    const dump = await dumpDatabase(back);
    for (const key of NEWER) expect(dump.contents.find((r) => r.key === key)?.content).toContain('导入的新版本。');
    expect(Object.keys(final.revisions ?? {}).length - Object.keys(before.revisions ?? {}).length).toBe(NEWER.length);
    // Every record the backup did not replace is as it was.
    const replaced = new Set(NEWER.map(keyOf));
    for (const [store, rows] of Object.entries(before)) {
      if (store === 'counters') continue;
      for (const [key, print] of Object.entries(rows)) if (!replaced.has(key)) expect(final[store]?.[key], `${store} ${key}`).toBe(print);
    }
    expect(dump.posts).toHaveLength(Object.keys(before.posts ?? {}).length + c.posts);
    // Nothing left staged once committed.
    expect((await digestDatabase(back)).importStage?.count).toBe(0);

    await recordFault({
      ids: ['R15'],
      fault: `extension reloaded (CDP Extensions.loadUnpacked) while a v2 backup import of ${postsTotal} posts and ${total} images was held by a read-write transaction on ${c.store === 'importStage' ? `its staging area midway through its posts (${POST_BATCH} of ${postsTotal} staged, no image written)` : c.store === 'images' ? `images midway through its images (${at} of ${total} written, ${written.length} of them new)` : `counters, the last store its one commit writes, with all ${total} images written (${written.length} new)`}`,
      checked: 'the import page closes with the old extension; every store but images and the staging area digest-identical (no new post, content, text, reference, revision or count); the images it wrote are referenced by nothing; the reopened page says the import did not happen (nothing imported, library unchanged), clears what it staged and removes exactly those images, after which the whole database digest and snapshot equal the ones before; the same file then imports whole, every other record unchanged, nothing left staged',
      before,
      after: [killed, swept],
    });
  });
}

/**
 * Logs, in the worker, every IndexedDB transaction that makes a request from now on (the worker's
 * Dexie bound IDBDatabase.prototype.transaction when it opened; the request methods are looked
 * up at each call).
 */
async function logWorkerTransactions(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const g = globalThis as unknown as { zoTx?: { stores: string[]; mode: string; done: boolean }[] };
    if (g.zoTx) return;
    const log: { stores: string[]; mode: string; done: boolean }[] = (g.zoTx = []);
    const seen = new WeakSet<IDBTransaction>();
    const note = (tx: IDBTransaction): void => {
      if (seen.has(tx)) return;
      seen.add(tx);
      const entry = { stores: Array.from(tx.objectStoreNames).sort(), mode: tx.mode, done: false };
      log.push(entry);
      tx.addEventListener('complete', () => (entry.done = true));
    };
    const methods = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor', 'put', 'add', 'delete', 'clear'];
    for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, unknown>[]) {
      for (const m of methods) {
        const f = proto[m];
        if (typeof f !== 'function') continue;
        proto[m] = function (this: IDBObjectStore | IDBIndex, ...args: unknown[]) {
          note(this instanceof IDBIndex ? this.objectStore.transaction : this.transaction);
          return (f as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
    }
  });
}

const SWEEP_SCOPE = ['images', 'outbox', 'postImages'].join();

/**
 * The sweep, fired, has got as far as it can while the import is held: it waits on a Web Lock
 * (a lock request is pending) or on the database (its read-write transaction is queued behind
 * the hold). Either way it has not run yet, and will run once the hold goes.
 */
async function sweepWaiting(worker: Worker, page: Page): Promise<boolean> {
  const queued = await worker.evaluate(
    (scope) => ((globalThis as unknown as { zoTx?: { stores: string[]; mode: string }[] }).zoTx ?? []).some((t) => t.mode === 'readwrite' && t.stores.join() === scope),
    SWEEP_SCOPE,
  );
  const pending = await page.evaluate(async () => ((await navigator.locks.query()).pending ?? []).length > 0);
  return queued || pending;
}

async function putOrphanImage(page: Page, url: string): Promise<void> {
  await page.evaluate(async (url) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('images', 'readwrite');
      tx.objectStore('images').put({ url, blob: new Blob([new Uint8Array(64)], { type: 'image/png' }), type: 'image/png', size: 64, storedAt: 1 });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, url);
}

test('the daily sweep firing while an import is midway through its images takes none of them', async () => {
  const page = await fillLibrary();
  const backup = await buildBackup(page);
  // A real orphan (a blob whose post was deleted, say), to see the sweep run.
  const orphan = 'https://pic1.zhimg.com/v2-r15-orphan.png';
  await putOrphanImage(page, orphan);
  const before = await imageUrls(page);
  expect(without(before.stored, before.referenced)).toEqual([orphan]);

  await armHold(page, 'images', { what: 'images', count: 100 });
  await chooseFile(page, backup.zip);
  await importBlocked(page, 'images');
  const status = page.locator('#import-status');
  await expect(status).toHaveText(progressLine(NEW_POSTS + NEWER.length, NEW_POSTS + NEWER.length, 100, backup.images.length));
  // The import has written 100 images no post refers to yet; now the daily alarm fires.
  const worker = await extensionWorker(session.ext.context);
  await logWorkerTransactions(worker);
  await fireSweepAlarm(worker);
  await expect.poll(() => sweepWaiting(worker, page)).toBe(true);
  await releaseHold(page);

  await expect(status).toHaveText(`已导入 ${NEW_POSTS + NEWER.length} 篇，跳过 0 篇`);
  // The sweep ran (the orphan is gone) and every image of the import is there, referenced.
  await expect.poll(async () => (await storedImageUrls(page)).includes(orphan)).toBe(false);
  const after = await imageUrls(page);
  expect(after.stored).toEqual([...new Set([...without(before.stored, [orphan]), ...backup.images])].sort());
  expect(after.referenced).toEqual(after.stored);
});
