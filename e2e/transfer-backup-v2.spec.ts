// Backup format v2 (src/backup/format.ts) on the 导出与导入 page in real Chromium: a v2 backup round
// trips byte for byte, a v1 file (what users saved before v2) of the same library imports to the
// same library, and hostile v2 files are refused in the user's words with the library unchanged.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readBackup } from '../src/backup/read';
import { bytesSource } from '../src/zip/reader';
import { collectStream } from '../src/zip/writer';
import { backupV1Zip } from '../test/support/backup-v1';
import { clearEveryStore, dumpDatabase } from './support/idb';
import { zhihuSession } from './support/session';
import { openTransfer, saveTwoAnswers } from './support/transfer-page';

const NOTHING_CHANGED = '导入失败，资料库没有任何改动';

const session = zhihuSession();



async function wipe(page: Page): Promise<void> {
  await page.evaluate(clearEveryStore);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

async function exportBackup(page: Page): Promise<Uint8Array> {
  await page.locator('input[name="format"][value="backup"]').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-start').click()]);
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

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

test('a v2 backup round trips byte-identical, and a v1 file of the same library imports to the same library', async () => {
  await saveTwoAnswers(session.ext);
  const page = await openTransfer(session.ext);
  const first = await exportBackup(page);
  const names = Object.keys(unzipSync(first));
  expect(names[0]).toBe('manifest.json');
  expect(names.at(-1)).toBe('checksums.json');
  expect(names.filter((n) => /^posts\/answer\/\d+\.json$/.test(n))).toHaveLength(2);
  const read = await readBackup(bytesSource(first));
  if (!read.ok) throw new Error(read.error.code);
  expect(read.value.images.length).toBeGreaterThan(0);

  await wipe(page);
  expect(await importFile(page, 'backup.zip', first)).toBe('已导入 2 篇，跳过 0 篇');
  expect(same(await exportBackup(page), first)).toBe(true);

  // The same posts and images as a v1 file (one backup.json), as the export wrote them before v2.
  const v1 = await collectStream(backupV1Zip(read.value.posts, read.value.images.map((i) => ({ ...i, data: i.bytes }))));
  expect(Object.keys(unzipSync(v1))[0]).toBe('backup.json');
  await wipe(page);
  expect(await importFile(page, 'zhihu-offline-backup-20250601.zip', v1)).toBe('已导入 2 篇，跳过 0 篇');
  expect(same(await exportBackup(page), first)).toBe(true);
});

type Files = Record<string, Uint8Array>;
const sums = (f: Files): { counts: unknown; sha256: Record<string, string> } => JSON.parse(strFromU8(f['checksums.json']!)) as { counts: unknown; sha256: Record<string, string> };
const firstPost = (f: Files): string => Object.keys(f).find((n) => n.startsWith('posts/'))!;
const firstImage = (f: Files): string => Object.keys(f).find((n) => n.startsWith('images/'))!;
type Manifest = { images: { file: string; size: number; url: string }[] };
const manifest = (f: Files): Manifest => JSON.parse(strFromU8(f['manifest.json']!)) as Manifest;

/** Each a real v2 export, changed one way; the reason is the page's zh_CN words for it. */
const HOSTILE: [string, (f: Files) => Zippable, RegExp][] = [
  ['path traversal', (f) => ({ ...f, '../evil.json': strToU8('{}') }), /不安全的文件名/],
  ['zip bomb as a post', (f) => ({ ...f, [firstPost(f)]: [new Uint8Array(64 * 1024 * 1024), { level: 9 }] }), /压缩比异常|解压后太大/],
  ['post that lies about its checksum', (f) => ({ ...f, [firstPost(f)]: strToU8(strFromU8(f[firstPost(f)]!).replace('"title":"', '"title":"改')) }), /校验值不符/],
  ['image that lies about its checksum', (f) => ({ ...f, [firstImage(f)]: f[firstImage(f)]!.map((b) => b ^ 0xff) }), /校验值不符/],
  [
    'manifest that lies about an image size',
    (f) => {
      const m = manifest(f);
      m.images[0]!.size += 1;
      return { ...f, 'manifest.json': strToU8(JSON.stringify(m)) };
    },
    /图片大小不符/,
  ],
  [
    'manifest that lists an image the file lacks',
    (f) => {
      const m = manifest(f);
      m.images.push({ ...m.images[0]!, url: 'https://pic1.zhimg.com/v2-not-there.png', file: '0123456789abcdef.png' });
      return { ...f, 'manifest.json': strToU8(JSON.stringify(m)) };
    },
    /缺少图片文件/,
  ],
  [
    'checksums that lie about how many posts there are',
    (f) => {
      const s = sums(f) as { counts: { posts: number }; sha256: Record<string, string> };
      s.counts.posts += 1;
      return { ...f, 'checksums.json': strToU8(JSON.stringify(s)) };
    },
    /不符合格式要求/,
  ],
  [
    'post whose key disagrees with its path',
    (f) => {
      const from = firstPost(f);
      const to = from.replace(/\/\d+\.json$/, '/1.json');
      const s = sums(f);
      s.sha256[to] = s.sha256[from]!;
      delete s.sha256[from];
      const { [from]: moved, ...rest } = f;
      return { ...rest, [to]: moved!, 'checksums.json': strToU8(JSON.stringify(s)) };
    },
    /存放在另一篇文章的名下/,
  ],
];

test('hostile v2 backups (traversal, bomb, lying checksums, a lying manifest, a post under another key) are refused in words and change nothing', async () => {
  await saveTwoAnswers(session.ext);
  const page = await openTransfer(session.ext);
  const good = await exportBackup(page);
  const files = unzipSync(good);
  // An empty library: any post or image a refused file let through would show in the dump.
  await wipe(page);
  const before = await dumpDatabase(page);
  for (const [name, tamper, reason] of HOSTILE) {
    const bytes = zipSync(tamper(files), { level: 0 });
    const text = await importFile(page, `${name}.zip`, bytes);
    expect(text, name).toContain(NOTHING_CHANGED);
    expect(text, name).toMatch(reason);
    expect(await dumpDatabase(page), name).toEqual(before);
  }
  // The control: the untouched file imports, so each refusal above was the tampering's doing.
  expect(await importFile(page, 'backup.zip', good)).toBe('已导入 2 篇，跳过 0 篇');
});
