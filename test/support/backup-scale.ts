/**
 * What the backup scale tests (test/backup-scale*.test.ts) write and check: posts made from their
 * number (so none is held), image URLs, and a read-back through src/backup/read.ts, the module the
 * import page reads the picked file with, that compares every post and image with what was written.
 */
import { expect } from 'vitest';
import type { BackupPost, ImageInfo } from '../../src/backup/format';
import { openBackup, type BackupReader } from '../../src/backup/read';
import { canonicalJson } from '../../src/backup/canonical-json';
import { DEFAULT_ZIP_LIMITS, type RandomAccess } from '../../src/zip/reader';
import { seedPost } from '../fixtures-export/posts';
const MiB = 1024 * 1024;
const template = seedPost(0);
/** ~1 KB of mixed CJK and markup; a post's content is 30 of them around its own number. */
const PARAGRAPH = `<p>第${'知乎离线'.repeat(40)}段：${'lorem ipsum '.repeat(40)}</p>`;

const BODY = PARAGRAPH.repeat(Math.ceil((30 * 1024) / new TextEncoder().encode(PARAGRAPH).length));

export function post(i: number): BackupPost {
  const id = String(1_000_000 + i);
  const content = `<p>#${i}</p>${BODY}`;
  return { ...template, key: `answer:${id}`, title: `第${i}篇`, content, meta: { ...template.meta, id, url: `https://www.zhihu.com/question/1/answer/${id}` }, ...(i % 100 === 0 ? { tags: ['标签'], note: `笔记${i}` } : {}) };
}

export async function* postsInChunks(count: number): AsyncGenerator<BackupPost[]> {
  for (let at = 0; at < count; at += 500) yield Array.from({ length: Math.min(500, count - at) }, (_, k) => post(at + k));
}

export const imageUrl = (i: number): string => `https://pic1.zhimg.com/v2-scale-${i}.png`;

/** Reads a backup back and checks it entry by entry against what `post` and `imageBytes` make. */
export async function readBack(src: RandomAccess, posts: number, images: ImageInfo[], bytesOf: (url: string) => Uint8Array): Promise<{ posts: number; images: number }> {
  const opened = await openBackup(src, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 256 * MiB });
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.detail}`);
  const reader: BackupReader = opened.value;
  expect(reader.counts).toEqual({ posts, images: images.length });
  let p = 0;
  let wrong = 0;
  for await (const batch of reader.posts(200)) {
    for (const got of batch) {
      const want = post(p++);
      // The content compared as a string, the rest as canonical JSON: a second 300 MB stringify buys nothing.
      if (got.content !== want.content || canonicalJson({ ...got, content: '' }) !== canonicalJson({ ...want, content: '' })) wrong++;
    }
  }
  const meta = new Map(images.map((i) => [i.url, i]));
  let n = 0;
  for await (const got of reader.images()) {
    const want = meta.get(got.url);
    const bytes = Buffer.from(got.bytes.buffer, got.bytes.byteOffset, got.bytes.length);
    if (!want || got.type !== want.type || got.storedAt !== want.storedAt || !bytes.equals(bytesOf(got.url))) wrong++;
    n++;
  }
  expect(wrong).toBe(0);
  return { posts: p, images: n };
}

