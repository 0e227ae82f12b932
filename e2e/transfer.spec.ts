// Export and import through the 导出与导入 page in real Chromium (issue #6): real fixture posts,
// a real download, Hexo files that parse back, and backup → wipe → import → backup byte-identical.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { unzipSync, zipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { readBackup } from '../src/backup/read';
import { bytesSource } from '../src/zip/reader';
import { recordFault } from './support/fault-table';
import { clearEveryStore, dumpDatabase } from './support/idb';
import { snapshotLibrary } from './support/library-snapshot';
import { zhihuSession } from './support/session';
import { openTransfer, saveTwoAnswers } from './support/transfer-page';

const REVISED = 'answer:28552849';

const session = zhihuSession();



/** An earlier version and the user's tags, written raw as the storage engine would have. */
async function addRevisionAndTags(page: Page): Promise<void> {
  await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['posts', 'revisions', 'annotations'], 'readwrite');
    const get = tx.objectStore('posts').get(key);
    get.onsuccess = () => {
      const post = get.result as { title: string; meta: { savedAt: number } };
      tx.objectStore('revisions').add({ key, savedAt: post.meta.savedAt - 86_400_000, replacedAt: post.meta.savedAt, title: post.title, content: '<p>旧版本。</p>', updatedAt: null });
      tx.objectStore('posts').put({ ...post, meta: { ...post.meta, revisionCount: 1 } });
      tx.objectStore('annotations').put({ key, tags: ['心理学'], note: '值得再读' });
    };
    await new Promise((res, rej) => {
      tx.oncomplete = res;
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  }, REVISED);
}

async function wipe(page: Page): Promise<void> {
  await page.evaluate(clearEveryStore);
}

async function exportZip(page: Page, format: string, images: 'remote' | 'bundled' = 'remote'): Promise<Uint8Array> {
  await page.locator(`input[name="format"][value="${format}"]`).check();
  if (await page.locator('#image-options').isVisible()) await page.locator(`input[name="images"][value="${images}"]`).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-start').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^zhihu-offline-${format}-\\d{8}\\.(zip|epub)$`));
  await expect(page.locator('#export-status')).toContainText('已导出 2 篇');
  return new Uint8Array(await readFile(await download.path()));
}

async function importFile(page: Page, name: string, bytes: Uint8Array): Promise<string> {
  await page.locator('#import-files').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
  const status = page.locator('#import-status');
  await expect(status).not.toHaveText(/^(正在导入|正在写入图片)/);
  await expect(status).not.toBeEmpty();
  return (await status.textContent()) ?? '';
}

function frontMatter(md: string): Record<string, unknown> {
  const m = /^\n---\n([\s\S]*?)\n---\n/.exec(md);
  if (!m?.[1]) throw new Error('no front matter');
  return parseYaml(m[1]) as Record<string, unknown>;
}

test('Hexo and backup exports download; wipe, import the backup, and the next backup is byte-identical', async () => {
  await saveTwoAnswers(session.ext);
  const page = await openTransfer(session.ext);
  await addRevisionAndTags(page);
  await page.reload();

  const hexo = unzipSync(await exportZip(page, 'hexo', 'bundled'));
  const posts = Object.keys(hexo).filter((n) => n.endsWith('.md'));
  expect(posts).toHaveLength(2);
  for (const name of posts) {
    const md = new TextDecoder().decode(hexo[name]);
    expect(frontMatter(md)).toMatchObject({ comments: false, title: expect.any(String) as unknown, categories: expect.any(Array) as unknown });
  }
  const bundled = Object.keys(hexo).filter((n) => n.startsWith('images/'));
  expect(bundled).toHaveLength(1);
  expect(Object.values(hexo).some((b) => new TextDecoder().decode(b).includes(`src="${bundled[0]}"`))).toBe(true);

  const markdown = unzipSync(await exportZip(page, 'markdown', 'bundled'));
  const notes = Object.keys(markdown).filter((n) => n.endsWith('.md'));
  expect(notes).toHaveLength(2);
  expect(notes.some((n) => new TextDecoder().decode(markdown[n]).includes(`](${bundled[0]})`))).toBe(true);
  const html = unzipSync(await exportZip(page, 'html'));
  const pages = Object.values(html).map((b) => new TextDecoder().decode(b));
  expect(pages).toHaveLength(2);
  expect(pages.every((p) => p.includes('Content-Security-Policy'))).toBe(true);
  expect(pages.some((p) => p.includes('src="data:image/png;base64,'))).toBe(true);
  const epub = await exportZip(page, 'epub');
  expect(new TextDecoder().decode(epub.subarray(30, 58))).toBe('mimetypeapplication/epub+zip');
  expect(Object.keys(unzipSync(epub)).filter((n) => n.startsWith('OEBPS/images/'))).toHaveLength(1);

  const first = await exportZip(page, 'backup');
  const restored = await readBackup(bytesSource(first));
  if (!restored.ok) throw new Error(restored.error.code);
  expect(restored.value.posts).toHaveLength(2);
  // Lossless: the one content image and both authors' avatars (the Hexo/EPUB bundles above carry only the former).
  const avatars = new Set(restored.value.posts.map((p) => p.meta.authorInfo.avatar).filter(Boolean));
  expect(avatars.size).toBe(2);
  expect(restored.value.images.map((i) => i.url).sort()).toEqual([...new Set([...restored.value.posts.flatMap((p) => p.meta.images), ...avatars])].sort());
  const revised = restored.value.posts.find((p) => p.key === REVISED);
  expect(revised).toMatchObject({ tags: ['心理学'], note: '值得再读', revisions: [{ content: '<p>旧版本。</p>' }] });

  await wipe(page);
  await page.reload();
  expect((await dumpDatabase(page)).posts).toHaveLength(0);
  expect(await importFile(page, 'backup.zip', first)).toBe('已导入 2 篇，跳过 0 篇');
  const second = await exportZip(page, 'backup');
  expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);

  // Importing the same backup again changes nothing and says why in words.
  expect(await importFile(page, 'backup.zip', first)).toBe('已导入 0 篇，跳过 2 篇（原因：资料库里已有相同的版本 2 篇）');
});

const hostile: [string, () => Uint8Array, RegExp][] = [
  ['corrupt.zip', () => new Uint8Array(4096).map((_, i) => (i * 131) % 251), /不是 ZIP 文件|ZIP 文件已损坏/],
  ['traversal.zip', () => zipSync({ 'backup.json': new TextEncoder().encode('{}'), '../evil.txt': new Uint8Array([1]) }), /不安全的文件名/],
  ['bomb.zip', () => zipSync({ 'backup.json': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }), /压缩比异常|解压后太大/],
];

test('a corrupt, path-traversal or zip-bomb file is refused in plain words and changes nothing', async () => {
  await saveTwoAnswers(session.ext);
  const page = await openTransfer(session.ext);
  const before = await dumpDatabase(page);
  const snapshot = await snapshotLibrary(page);
  for (const [name, make, reason] of hostile) {
    const text = await importFile(page, name, make());
    expect(text, name).toContain('导入失败，资料库没有任何改动');
    expect(text, name).toMatch(reason);
    await expect(page.locator('#import-status')).toHaveClass('tf-error');
  }
  expect(await dumpDatabase(page)).toEqual(before);
  await recordFault({
    ids: ['R15'],
    fault: `import fails while the file is read: ${hostile.length} hostile files (corrupt ZIP, path traversal, zip bomb) on the 导出与导入 page`,
    checked: 'each refused in plain words (导入失败，资料库没有任何改动); the whole database dump unchanged',
    before: snapshot,
    after: await snapshotLibrary(page),
  });
});
