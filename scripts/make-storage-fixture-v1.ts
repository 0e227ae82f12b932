// Writes test/fixtures/storage/v1-dump.json: a database as schema v1 (commit 393c4d6) wrote it,
// from real captures, so that every later schema version is tested against real v1 data.
// Run once: npx tsx scripts/make-storage-fixture-v1.ts  (the file is checked in; never regenerate it
// with newer code — it must stay what v1 produced).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { JSDOM } from 'jsdom';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractAll } from '../src/extract';
import { SCHEMA_V1 } from '../src/storage/db';
import { toPostRow } from '../src/storage/seed-shape';

const FIXTURES = resolve(import.meta.dirname, '../test/fixtures/zhihu');
const pages: [string, string][] = [
  ['question-24657141.html', 'https://www.zhihu.com/question/24657141'],
  ['article-474542389.rawHtml.html', 'https://zhuanlan.zhihu.com/p/474542389'],
];

const v1 = new Dexie('v1-fixture');
v1.version(1).stores(SCHEMA_V1);
let savedAt = Date.UTC(2026, 10, 1);
const images = new Map<string, { url: string; bytes: number[]; type: string }>();
for (const [file, url] of pages) {
  const doc = new JSDOM(readFileSync(resolve(FIXTURES, file), 'utf8'), { url }).window.document;
  for (const item of extractAll(doc, url).slice(0, 3)) {
    const row = toPostRow(item, (savedAt += 60_000), []);
    // v1's savePost: images, content and post in one transaction.
    await v1.transaction('rw', ['posts', 'contents', 'images'], async () => {
      for (const u of item.images.slice(0, 2)) {
        const bytes = Array.from(new TextEncoder().encode(`image:${u}`));
        images.set(u, { url: u, bytes, type: 'image/png' });
        await v1.table('images').put({ url: u, blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }), type: 'image/png', size: bytes.length, storedAt: savedAt });
      }
      await v1.table('contents').put({ key: row.key, content: item.contentHtml });
      await v1.table('posts').put({ ...row, meta: { ...row.meta, images: item.images.slice(0, 2), missingImages: item.images.slice(2) } });
    });
  }
}
const dump = {
  schemaVersion: 1,
  madeBy: 'scripts/make-storage-fixture-v1.ts with SCHEMA_V1 (commit 393c4d6)',
  posts: await v1.table('posts').toArray(),
  contents: await v1.table('contents').toArray(),
  images: [...images.values()],
};
writeFileSync(resolve(import.meta.dirname, '../test/fixtures/storage/v1-dump.json'), `${JSON.stringify(dump, null, 1)}\n`);
console.log(`posts ${dump.posts.length}, images ${dump.images.length}`);
