// Export in real Chromium beyond the plain download (issue #6): cancelling midway, a ZIP saved
// through the save picker, and the incremental export into a folder. Only the pickers are
// replaced (support/opfs-pickers.ts): the real export writes real files into the page's
// origin-private file system through real handles, and the test reads them back from there.
import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { extensionUrl, TRANSFER } from './support/extension-pages';
import { digestDatabase, dumpDatabase, putRawContent } from './support/idb';
import { installOpfsPickers, listOpfs, PICKED_FOLDER, type OpfsFile } from './support/opfs-pickers';
import { seedPosts } from './support/seed-posts';
import { zhihuSession } from './support/session';

const session = zhihuSession();

async function openTransfer(): Promise<Page> {
  await installOpfsPickers(session.ext.context);
  const page = await session.ext.context.newPage();
  await page.goto(extensionUrl(session.ext.extensionId, TRANSFER));
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

/** Seeds synthetic posts from the page, then reloads it so it counts them. */
async function seeded(count: number, textChars?: number): Promise<Page> {
  const page = await openTransfer();
  await seedPosts(page, { count, ...(textChars ? { textChars } : {}) });
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  return page;
}

/** Checking a destination also proves it is offered: a hidden radio cannot be checked. */
async function choose(page: Page, format: 'backup' | 'hexo', dest: 'download' | 'picker' | 'folder'): Promise<void> {
  await page.locator(`input[name="format"][value="${format}"]`).check();
  if (format === 'hexo') await page.locator('input[name="images"][value="remote"]').check();
  await page.locator(`input[name="dest"][value="${dest}"]`).check();
}

/** Starts the export and waits for it to end; the submit handler marks it running synchronously. */
async function runExport(page: Page): Promise<void> {
  await page.locator('#export-start').click();
  await expect(page.locator('body')).toHaveAttribute('data-export-state', 'done');
}

async function downloadExport(page: Page): Promise<Uint8Array> {
  const [download] = await Promise.all([page.waitForEvent('download'), runExport(page)]);
  return new Uint8Array(await readFile(await download.path()));
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function titleOf(md: string | null): unknown {
  const m = /^\n---\n([\s\S]*?)\n---\n/.exec(md ?? '');
  if (!m?.[1]) throw new Error('no front matter');
  return (parseYaml(m[1]) as { title?: unknown }).title;
}

/**
 * Holds IndexedDB's `contents` store with a read-write transaction from another extension page,
 * as a long save would: every read of it that the export starts from now on waits. The export
 * is thus stopped midway by the database, not by a timer. Returns the release.
 */
async function holdContents(): Promise<() => Promise<void>> {
  const holder = await session.ext.context.newPage();
  await holder.goto(extensionUrl(session.ext.extensionId, TRANSFER));
  await holder.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const flag = window as unknown as { zoHold: boolean };
          flag.zoHold = true;
          const tx = db.transaction('contents', 'readwrite');
          const store = tx.objectStore('contents');
          // A transaction lives while it has requests: keep asking until released.
          const ask = (): void => {
            if (flag.zoHold) store.get('').onsuccess = ask;
          };
          ask();
          tx.oncomplete = () => db.close();
          resolve();
        };
      }),
  );
  return async () => {
    await holder.evaluate(() => {
      (window as unknown as { zoHold: boolean }).zoHold = false;
    });
    await holder.close();
  };
}

test('cancelling an export midway says so in plain words, saves nothing and leaves the library as it was', async () => {
  const page = await seeded(5000, 4000);
  const before = await digestDatabase(page);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const status = page.locator('#export-status');
  for (const dest of ['download', 'picker'] as const) {
    await choose(page, 'backup', dest);
    await page.locator('#export-start').click();
    await expect(status).toHaveText(/^正在导出：[1-9][\d,]* \/ 5,000 篇/);
    const release = await holdContents();
    // Midway: some posts are written, the rest wait for the database.
    await expect(page.locator('#export-progress')).toBeVisible();
    const done = await page.locator('#export-progress').evaluate((p: HTMLProgressElement) => p.value);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(5000);
    await page.locator('#export-cancel').click();
    // Cancel answers at once, while the export still waits on its read.
    await expect(page.locator('body')).toHaveAttribute('data-export-state', 'cancelled');
    await expect(status).toHaveText('已取消导出，没有保存任何文件');
    await expect(status).not.toHaveClass('tf-error');
    await expect(page.locator('#export-progress')).toBeHidden();
    await expect(page.locator('#export-cancel')).toBeHidden();
    await expect(page.locator('#export-start')).toBeEnabled();
    await release();
  }
  // Only a finished export hands a file to the browser, and both ended as cancelled.
  expect(downloads).toEqual([]);
  // The save picker made the file, as a real one does; not one byte of the ZIP reached it.
  const files = await listOpfs(page, null);
  expect(files.map((f) => [f.path, f.size])).toEqual([[expect.stringMatching(/^zhihu-offline-backup-\d{8}\.zip$/), 0]]);
  expect(await digestDatabase(page)).toEqual(before);
});

test('a backup saved through the save picker is byte for byte the downloaded one', async () => {
  const page = await seeded(300);
  await choose(page, 'backup', 'download');
  const downloaded = await downloadExport(page);
  expect(Object.keys(unzipSync(downloaded))[0]).toBe('backup.json');
  await choose(page, 'backup', 'picker');
  await runExport(page);
  await expect(page.locator('#export-status')).toHaveText(/^已导出 300 篇（[\d.]+ MB）$/);
  const files = await listOpfs(page, null);
  expect(files.map((f) => [f.path, f.size, f.sha256])).toEqual([[expect.stringMatching(/^zhihu-offline-backup-\d{8}\.zip$/), downloaded.length, sha256(downloaded)]]);
});

/** A post saved after the others: a copy of `like` under a new key and title, with its content. */
async function addPost(page: Page, like: string, key: string, title: string): Promise<void> {
  await page.evaluate(
    async ({ like, key, title }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction(['posts', 'contents', 'counters'], 'readwrite');
      const get = tx.objectStore('posts').get(like);
      get.onsuccess = () => {
        const row = get.result as { meta: { id: string; savedAt: number } };
        tx.objectStore('posts').put({ ...row, key, title, meta: { ...row.meta, id: key.split(':')[1], savedAt: row.meta.savedAt + 60_000 } });
        tx.objectStore('contents').put({ key, content: '<p>新保存的一篇。</p>' });
        const count = tx.objectStore('counters').get('posts');
        count.onsuccess = () => tx.objectStore('counters').put({ name: 'posts', value: (count.result as { value: number }).value + 1 });
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { like, key, title },
  );
}

test('export to a folder writes the Hexo files of the posts, then rewrites only the new and the changed', async () => {
  const page = await seeded(12);
  await choose(page, 'hexo', 'download');
  const zip = unzipSync(await downloadExport(page));
  await choose(page, 'hexo', 'folder');
  await runExport(page);
  await expect(page.locator('#export-status')).toHaveText('已导出 12 篇：写入 12 个文件，0 个没有变化');

  const first = await listOpfs(page, PICKED_FOLDER);
  const md = (files: OpfsFile[]): OpfsFile[] => files.filter((f) => f.path.endsWith('.md'));
  // Exactly the files of the Hexo ZIP, byte for byte, one per stored post and titled after it.
  expect(md(first).map((f) => [f.path, f.sha256])).toEqual(Object.keys(zip).sort().map((name) => [name, sha256(zip[name]!)]));
  const posts = (await dumpDatabase(page)).posts as { key: string; title: string }[];
  expect(md(first).map((f) => titleOf(f.text)).sort()).toEqual(posts.map((p) => p.title).sort());
  const manifestOf = (files: OpfsFile[]): Record<string, string> => (JSON.parse(files.find((f) => f.path === '.zhihu-offline.json')?.text ?? '{}') as { files: Record<string, string> }).files;
  expect(Object.keys(manifestOf(first)).sort()).toEqual(md(first).map((f) => f.path));

  // One post changes (a re-save with new text), one is new.
  const changed = posts[3]!;
  await putRawContent(page, changed.key, '<p>改过的正文。</p>');
  await addPost(page, posts[0]!.key, 'answer:9000000999', '新保存的一篇');
  await page.reload();
  await choose(page, 'hexo', 'folder');
  await runExport(page);
  await expect(page.locator('#export-status')).toHaveText('已导出 13 篇：写入 2 个文件，11 个没有变化');

  const second = await listOpfs(page, PICKED_FOLDER);
  const fileTitled = (files: OpfsFile[], title: string): OpfsFile | undefined => md(files).find((f) => titleOf(f.text) === title);
  expect(fileTitled(second, changed.title)?.text).toContain('改过的正文。');
  expect(fileTitled(second, '新保存的一篇')?.text).toContain('新保存的一篇。');
  const rewritten = new Set([fileTitled(second, changed.title)?.path, fileTitled(second, '新保存的一篇')?.path]);
  expect(rewritten.size).toBe(2);
  // Every other file is untouched: same bytes, same modification time, same manifest hash.
  const untouched = md(second).filter((f) => !rewritten.has(f.path));
  expect(untouched.map((f) => [f.path, f.sha256, f.lastModified])).toEqual(md(first).filter((f) => !rewritten.has(f.path)).map((f) => [f.path, f.sha256, f.lastModified]));
  const [before, after] = [manifestOf(first), manifestOf(second)];
  expect(Object.keys(after).sort()).toEqual(md(second).map((f) => f.path));
  for (const f of untouched) expect(after[f.path]).toBe(before[f.path]);
  for (const path of rewritten) expect(after[path!]).not.toBe(before[path!]);
});
