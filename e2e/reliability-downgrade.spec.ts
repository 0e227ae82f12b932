// R11 (downgrade) and R12 (versionchange with pages open), injected in real Chromium: while the
// popup, library and a Zhihu tab are open, the database is raised to the version a newer build
// would leave behind. This build must step aside, tell the user to update, refuse saves, and
// change nothing: not a row, not the version, not the newer build's own store.
import { expect, test, type Page } from '@playwright/test';
import { extensionUrl, openPopup, READER } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { snapshotLibrary } from './support/library-snapshot';
import { KNOWN_IDB_VERSION } from '../src/storage/open-failure';
import { seedPosts } from './support/seed-posts';
import { zhihuSession } from './support/session';

const session = zhihuSession();
const QUESTION = 'https://www.zhihu.com/question/24657141';
const LIBRARY = 'src/ui/library/library.html';
/** The version of our schema in IndexedDB (Dexie's version × 10), and what a newer build would leave. */
const OURS = KNOWN_IDB_VERSION;
const NEWER = KNOWN_IDB_VERSION + 10;

/** What a newer build does on upgrade: raises the version and adds a store of its own. Resolves once done. */
async function upgradeAsNewerBuild(extensionPage: Page): Promise<{ blocked: boolean }> {
  return extensionPage.evaluate(
    (version) =>
      new Promise<{ blocked: boolean }>((resolve, reject) => {
        let blocked = false;
        const req = indexedDB.open('zhihu-offline', version);
        req.onupgradeneeded = () => req.result.createObjectStore('from-a-newer-build').put('kept', 'marker');
        // Every open page must let go on versionchange; one that did not would leave this blocked for good.
        req.onblocked = () => (blocked = true);
        req.onsuccess = () => {
          req.result.close();
          resolve({ blocked });
        };
        req.onerror = () => reject(req.error ?? new Error('upgrade failed'));
      }),
    NEWER,
  );
}

async function installedVersion(extensionPage: Page): Promise<{ version: number; stores: string[] }> {
  return extensionPage.evaluate(
    () =>
      new Promise<{ version: number; stores: string[] }>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => {
          const out = { version: req.result.version, stores: Array.from(req.result.objectStoreNames) };
          req.result.close();
          resolve(out);
        };
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      }),
  );
}

test('a database written by a newer build: pages say "please update", saves are refused, nothing is touched', async () => {
  const { context } = session.ext;
  const id = session.ext.extensionId;
  const zhihu = await context.newPage();
  await zhihu.goto(QUESTION);
  const buttons = zhihu.locator('[data-zo-action="save"]');
  await expect(buttons).toHaveCount(5);
  await buttons.nth(1).click();
  await expect(buttons.nth(1)).toHaveAttribute('data-zo-state', 'saved');

  const popup = await openPopup(context, id);
  await seedPosts(popup, { count: 40, textChars: 300 });
  await popup.reload();
  await expect(popup.locator('.post-row')).toHaveCount(20);
  await expect(popup.locator('#count')).toHaveText('共 41 篇');
  const library = await context.newPage();
  await library.goto(extensionUrl(id, LIBRARY));
  await expect(library.locator('html[data-loaded="true"]')).toHaveCount(1);
  const before = await snapshotLibrary(popup);
  expect((await installedVersion(popup)).version).toBe(OURS);

  // The fault, with the popup, the library, the worker and a Zhihu tab all holding connections (R12).
  const { blocked } = await upgradeAsNewerBuild(popup);
  expect(blocked).toBe(false);

  // Every page now says what happened and what to do, and offers no retry that would fail again.
  await popup.reload();
  await library.reload();
  const reader = await context.newPage();
  await reader.goto(extensionUrl(id, `${READER}#answer:9000000000`));
  for (const page of [popup, library, reader]) {
    const panel = page.locator('[data-zo-recovery="newer"]');
    await expect(panel).toContainText('请更新知乎离线');
    await expect(panel).toContainText('没有改动其中任何内容');
    await expect(panel.locator('[data-zo-retry]')).toHaveCount(0);
  }

  // The worker refuses a save with the reason, instead of writing old-shaped rows into the newer database.
  await buttons.nth(3).click();
  await expect(buttons.nth(3)).toHaveAttribute('data-zo-state', 'error');
  await expect(buttons.nth(3)).toHaveText('保存失败：资料库由更新版本的知乎离线写入，请把扩展更新到最新版本；已保存的内容未受影响');

  const after = await snapshotLibrary(popup);
  const installed = await installedVersion(popup);
  expect(installed.version).toBe(NEWER);
  expect(installed.stores).toContain('from-a-newer-build');
  expect(Object.keys(after.posts ?? {})).toEqual(Object.keys(before.posts ?? {}));
  await recordFault({
    ids: ['R11', 'R12'],
    fault: `database raised to version ${NEWER} (a newer build) with popup, library, worker and a Zhihu tab open`,
    checked: 'upgrade not blocked; popup, library and reader say "请更新知乎离线"; a save is refused with that reason; version, rows and the newer store unchanged',
    before,
    after,
  });
});
