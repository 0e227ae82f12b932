// An export whose destination refuses the write (R16, issue #6): the ZIP is written by a worker
// (src/ui/transfer/zip-worker.ts), so its failure must cross back to the page and be said in the
// user's words. Injected for real: the file the save picker returns is held open by another
// exclusive writer, as a file another program has open is, and Chromium refuses ours
// (NoModificationAllowedError). Only the picker dialog is replaced (support/opfs-pickers.ts). And a
// worker that cannot start at all: its script removed from a copy of the build (a damaged install).
import { expect, test, type Page } from '@playwright/test';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { extensionUrl, TRANSFER } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { digestDatabase } from './support/idb';
import { snapshotLibrary } from './support/library-snapshot';
import { launchWithExtension } from './support/launch';
import { installOpfsPickers, listOpfs } from './support/opfs-pickers';
import { DEFAULT_DIST_DIR } from './support/paths';
import { readOpfsFile } from './support/opfs-read';
import { seedPosts } from './support/seed-posts';
import { zhihuSession } from './support/session';

const session = zhihuSession();
const POSTS = 300;
const BUSY = '所选的文件正被其他程序占用，请关闭它或另选一个文件';

async function openSeeded(): Promise<Page> {
  await installOpfsPickers(session.ext.context);
  const page = await session.ext.context.newPage();
  await page.goto(extensionUrl(session.ext.extensionId, TRANSFER));
  await seedPosts(page, { count: POSTS });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

/** From now on the save picker returns its file with an exclusive writer of another party open on it. */
async function pickBusyFiles(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Exclusive = FileSystemFileHandle & { createWritable(o: { mode: 'exclusive' }): Promise<FileSystemWritableFileStream> };
    const w = window as unknown as { showSaveFilePicker: (o: { suggestedName: string }) => Promise<FileSystemFileHandle>; zoOther?: FileSystemWritableFileStream };
    w.showSaveFilePicker = async (o) => {
      const file = (await (await navigator.storage.getDirectory()).getFileHandle(o.suggestedName, { create: true })) as Exclusive;
      w.zoOther = await file.createWritable({ mode: 'exclusive' });
      return file;
    };
  });
}

/** The other party closes the file without writing, and the picker is a plain one again. */
async function releaseBusyFile(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { showSaveFilePicker: (o: { suggestedName: string }) => Promise<FileSystemFileHandle>; zoOther?: FileSystemWritableFileStream };
    await w.zoOther?.abort();
    w.showSaveFilePicker = async (o) => (await navigator.storage.getDirectory()).getFileHandle(o.suggestedName, { create: true });
  });
}

test('an export whose chosen file is in use fails in plain words, writes nothing and changes nothing; once the file is free it is whole', async () => {
  const page = await openSeeded();
  const before = await digestDatabase(page);
  const snapshot = await snapshotLibrary(page);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await pickBusyFiles(page);

  await page.locator('input[name="format"][value="backup"]').check();
  await page.locator('input[name="dest"][value="picker"]').check();
  await page.locator('#export-start').click();
  await expect(page.locator('body')).toHaveAttribute('data-export-state', 'failed');
  const status = page.locator('#export-status');
  await expect(status).toHaveText(`导出失败：${BUSY}`);
  await expect(status).toHaveClass('tf-error');
  await expect(page.locator('#export-start')).toBeEnabled();
  await expect(page.locator('#export-progress')).toBeHidden();
  const [file] = await listOpfs(page, null);
  expect(file?.size).toBe(0);
  expect(downloads).toEqual([]);
  expect(await digestDatabase(page)).toEqual(before);

  await releaseBusyFile(page);
  await page.locator('#export-start').click();
  await expect(page.locator('body')).toHaveAttribute('data-export-state', 'done');
  await expect(status).toHaveText(/^已导出 300 篇（[\d.]+ MB）$/);
  const zip = unzipSync(await readOpfsFile(page, file!.path));
  // A v2 backup: one file per post, and checksums.json counts them.
  expect(Object.keys(zip).filter((n) => n.startsWith('posts/'))).toHaveLength(POSTS);
  expect((JSON.parse(strFromU8(zip['checksums.json']!)) as { counts: { posts: number } }).counts.posts).toBe(POSTS);
  expect(downloads).toEqual([]);

  await recordFault({
    ids: ['R16'],
    fault: `the save-picker file of a ${POSTS}-post backup export held open by another exclusive writer (Chromium refuses ours in the ZIP worker: NoModificationAllowedError)`,
    checked: `says 导出失败：${BUSY} (an error, in words); the file holds 0 bytes; no download; every store digest unchanged; with the file free, the same export writes all ${POSTS} posts`,
    before: snapshot,
    after: await snapshotLibrary(page),
  });
});

test('an export whose worker cannot start (its script missing from a damaged install) fails in plain words and changes nothing', async () => {
  // A copy of the build without the ZIP worker's script, in a browser of its own.
  const dist = await mkdtemp(path.join(tmpdir(), 'zo-no-worker-'));
  await cp(DEFAULT_DIST_DIR, dist, { recursive: true });
  const workers = (await readdir(path.join(dist, 'assets'))).filter((f) => f.startsWith('zip-worker-'));
  expect(workers).toHaveLength(1);
  await rm(path.join(dist, 'assets', workers[0]!));
  const ext = await launchWithExtension({ distDir: dist });
  try {
    const page = await ext.context.newPage();
    await page.goto(extensionUrl(ext.extensionId, TRANSFER));
    await seedPosts(page, { count: 3 });
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const before = await digestDatabase(page);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.locator('#export-start').click();
    await expect(page.locator('body')).toHaveAttribute('data-export-state', 'failed');
    await expect(page.locator('#export-status')).toHaveText('导出失败：导出程序没有启动，请重新打开这个页面再试');
    await expect(page.locator('#export-status')).toHaveClass('tf-error');
    expect(downloads).toEqual([]);
    expect(await digestDatabase(page)).toEqual(before);
  } finally {
    await ext.close();
    await rm(dist, { recursive: true, force: true });
  }
});
