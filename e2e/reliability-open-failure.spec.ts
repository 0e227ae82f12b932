// R13 (IndexedDB cannot be opened), injected for real in Chromium: with the browser closed, the
// database's LevelDB `CURRENT` file is made to name a manifest that does not exist. Chromium then
// answers every open with "UnknownError: Internal error opening backing store for indexedDB.open."
// (the error of Expensify/App #87862), and leaves the files alone. The extension must say so in
// plain words, offer a retry, refuse saves with the reason, and delete nothing; once the store is
// readable again, a retry brings everything back and saving works without a browser restart.
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extensionUrl, openPopup, READER } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { snapshotLibrary } from './support/library-snapshot';
import { DEFAULT_DIST_DIR } from './support/paths';
import { seedPosts } from './support/seed-posts';

const QUESTION = 'https://www.zhihu.com/question/24657141';
const LIBRARY = 'src/ui/library/library.html';

let server: FixtureServer;
let ext: LaunchedExtension | undefined;
let profile: string;

test.beforeEach(async () => {
  server = await startFixtureServer();
  profile = await mkdtemp(path.join(os.tmpdir(), 'zo-r13-'));
});

test.afterEach(async () => {
  await ext?.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
});

async function launch(): Promise<LaunchedExtension> {
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, userDataDir: profile });
  // Every deleteDatabase call from an extension page is logged; none may happen.
  await ext.context.addInitScript(() => {
    const log: string[] = [];
    (window as unknown as { __zoDeletes: string[] }).__zoDeletes = log;
    const original = IDBFactory.prototype.deleteDatabase;
    IDBFactory.prototype.deleteDatabase = function (this: IDBFactory, name: string) {
      log.push(name);
      return original.call(this, name);
    };
  });
  return ext;
}

/** The extension's LevelDB directory, and the name → size of its data files (log, tables, manifest). */
async function leveldb(): Promise<{ dir: string; files: Record<string, number> }> {
  const root = path.join(profile, 'Default', 'IndexedDB');
  const name = (await readdir(root)).find((d) => d.startsWith('chrome-extension_') && d.endsWith('.indexeddb.leveldb'));
  if (!name) throw new Error(`no extension IndexedDB under ${root}`);
  const dir = path.join(root, name);
  const files: Record<string, number> = {};
  for (const f of await readdir(dir)) if (/\.(log|ldb)$|^MANIFEST-/.test(f)) files[f] = (await stat(path.join(dir, f))).size;
  return { dir, files };
}

async function deletesLogged(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __zoDeletes?: string[] }).__zoDeletes ?? ['init script did not run']);
}

test('a backing store the browser cannot open: plain words and a retry, saves refused, nothing deleted; retry heals', async () => {
  let { context, extensionId: id } = await launch();
  let zhihu = await context.newPage();
  await zhihu.goto(QUESTION);
  await zhihu.locator('[data-zo-action="save"]').nth(1).click();
  await expect(zhihu.locator('[data-zo-action="save"]').nth(1)).toHaveAttribute('data-zo-state', 'saved');
  const popup = await openPopup(context, id);
  await seedPosts(popup, { count: 40, textChars: 300 });
  const before = await snapshotLibrary(popup);
  await ext?.close();
  ext = undefined;

  // The fault: CURRENT names a manifest that is not there (as after a crash mid-compaction).
  const store = await leveldb();
  const current = path.join(store.dir, 'CURRENT');
  const goodCurrent = await readFile(current);
  await writeFile(current, 'MANIFEST-999999\n');

  ({ context, extensionId: id } = await launch());
  const pages = [await openPopup(context, id), await context.newPage(), await context.newPage()];
  await pages[1]?.goto(extensionUrl(id, LIBRARY));
  await pages[2]?.goto(extensionUrl(id, `${READER}#answer:9000000000`));
  for (const page of pages) {
    const panel = page.locator('[data-zo-recovery="unavailable"]');
    await expect(panel).toContainText('暂时打不开资料库');
    await expect(panel).toContainText('资料库没有被删除');
    await expect(panel).toContainText('UnknownError');
    await expect(panel.locator('[data-zo-retry]')).toHaveText('重试');
    // Nothing is readable, so no export is offered (the probe ran: it marks the panel).
    await expect(panel).toHaveAttribute('data-zo-readable', 'no');
  }

  // The worker cannot open it either: a save is refused with the reason, not half-written.
  zhihu = await context.newPage();
  await zhihu.goto(QUESTION);
  const other = zhihu.locator('[data-zo-action="save"]').nth(3);
  await other.click();
  await expect(other).toHaveAttribute('data-zo-state', 'error');
  await expect(other).toHaveText('保存失败：浏览器打不开资料库，已保存的内容没有被删除；请稍后重试，或重启浏览器');

  // Nothing deleted: every data file is still there with its size, and no page asked for a delete.
  const during = await leveldb();
  for (const [file, size] of Object.entries(store.files)) expect(during.files[file], file).toBe(size);
  for (const page of pages) expect(await deletesLogged(page)).toEqual([]);

  // The store becomes readable again (here: CURRENT restored). 重试 brings the library back, and
  // the worker, which retries its open on each save, saves again: no browser restart needed.
  await writeFile(current, goodCurrent);
  const [popup2] = pages;
  if (!popup2) throw new Error('no popup');
  await popup2.locator('[data-zo-retry]').click();
  await expect(popup2.locator('#count')).toHaveText('共 41 篇');
  await expect(popup2.locator('[data-zo-recovery]')).toHaveCount(0);
  await other.click();
  await expect(other).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });

  const after = await snapshotLibrary(popup2);
  expect(Object.keys(after.posts ?? {})).toHaveLength(42);
  await recordFault({
    ids: ['R13'],
    fault: 'LevelDB CURRENT names a missing manifest: every open fails with UnknownError "Internal error opening backing store"',
    checked: 'popup, library, reader show the recovery panel with 重试; a save is refused with the reason; every data file kept, no deleteDatabase; after the store heals, 重试 shows all posts and saving works again',
    before,
    after,
  });
});
