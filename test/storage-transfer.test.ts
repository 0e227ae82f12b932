// @vitest-environment node
// Export reads in chunks and import applies all-or-nothing (issue #6), on fake-indexeddb.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BackupPost } from '../src/backup/format';
import { commitPost } from '../src/storage/commit';
import { db } from '../src/storage/db';
import { exportImages, readImageBytes } from '../src/storage/export-images';
import { countAllPosts, exportAllPosts, exportPosts, exportRows, type ExportPost } from '../src/storage/export-source';
import { dropStaleStages, storeImage, storedImageUrls, sweepOrphanImages } from '../src/storage/images';
import { applyImport, POST_CHUNK, type IncomingImage } from '../src/storage/import-apply';
import { BackupError } from '../src/backup/reader-types';
import { countPosts, getFullPost, listRevisions } from '../src/storage/posts';
import { clearDatabase, png, row } from './support/storage';

beforeEach(clearDatabase);

const IMG = 'https://pic1.zhimg.com/a.jpg';

async function seedTwo(): Promise<void> {
  await storeImage({ url: IMG, blob: png('a'), type: 'image/png', size: 1, storedAt: 7 });
  await commitPost(row('1', { images: [IMG] }, 100), '<p>旧</p>', null, 100);
  await commitPost(row('1', { images: [IMG] }, 200), '<p>新</p>', null, 200);
  await commitPost(row('2', {}, 300), '<p>二</p>', null, 300);
  await db().annotations.put({ key: 'answer:2', tags: ['读过'], note: '笔记' });
}

async function exportAll(): Promise<{ posts: ExportPost[]; images: IncomingImage[] }> {
  const rows = await exportRows({ keys: null, order: 'key' });
  const posts: ExportPost[] = [];
  for await (const chunk of exportPosts(rows, true, 1)) posts.push(...chunk);
  const infos = await exportImages(rows);
  const images = await Promise.all(infos.map(async (i) => ({ url: i.url, type: i.type, storedAt: i.storedAt, bytes: await readImageBytes(i.url) })));
  return { posts, images };
}

describe('export source', () => {
  it('reads posts with content, revisions and annotations, in key or savedAt order', async () => {
    await seedTwo();
    const { posts, images } = await exportAll();
    expect(posts.map((p) => p.key)).toEqual(['answer:1', 'answer:2']);
    expect(posts[0]).toMatchObject({ content: '<p>新</p>', revisions: [{ content: '<p>旧</p>', savedAt: 100, replacedAt: 200 }] });
    expect(posts[0]?.revisions?.[0]).not.toHaveProperty('id');
    expect(posts[1]).toMatchObject({ tags: ['读过'], note: '笔记' });
    expect(images).toMatchObject([{ url: IMG, type: 'image/png', storedAt: 7 }]);
    expect((await exportRows({ keys: ['answer:1', 'answer:2', 'answer:9'], order: 'savedAt' })).map((r) => r.key)).toEqual(['answer:2', 'answer:1']);
  });

  it('reads the whole library by key range, and its images in one pass, exactly as post by post', async () => {
    await seedTwo();
    const OTHER = 'https://pic1.zhimg.com/b.jpg';
    await storeImage({ url: OTHER, blob: png('bb'), type: 'image/jpeg', size: 2, storedAt: 8 });
    for (const id of ['3', '10', '4']) await commitPost(row(id, { images: [OTHER] }, 400), `<p>${id}</p>`, null, 400);
    // Left-overs a range read meets: a content with no post, a reference from a deleted post,
    // and a post whose content row is gone.
    await db().contents.put({ key: 'answer:25', content: '<p>孤儿</p>' });
    await db().postImages.put({ key: 'answer:99', url: 'https://pic1.zhimg.com/orphan.png' });
    await storeImage({ url: 'https://pic1.zhimg.com/orphan.png', blob: png('o'), type: 'image/png', size: 1, storedAt: 9 });
    await db().contents.delete('answer:4');
    const rows = await exportRows({ keys: null, order: 'key' });
    const byPost: ExportPost[] = [];
    for await (const chunk of exportPosts(rows, true, 1)) byPost.push(...chunk);
    expect(byPost.map((p) => p.key)).toEqual(['answer:1', 'answer:10', 'answer:2', 'answer:3', 'answer:4']);
    expect(byPost.find((p) => p.key === 'answer:4')?.content).toBe('');
    // Chunks that end exactly at the last post, inside the library, and hold all of it.
    for (const size of [1, 2, 5, 500]) {
      const all: ExportPost[] = [];
      for await (const chunk of exportAllPosts(true, size)) all.push(...chunk);
      expect(all, `chunk ${size}`).toEqual(byPost);
    }
    // A whole-library export in savedAt order reads runs of neighbouring keys as ranges (the orphan
    // content falls inside one, answer:4 has none): the same posts as key by key, whatever the chunks.
    const bySavedAt = await exportRows({ keys: null, order: 'savedAt' });
    expect(bySavedAt.map((r) => r.key)).toEqual(['answer:10', 'answer:3', 'answer:4', 'answer:2', 'answer:1']);
    for (const size of [1, 2, 3, 500]) {
      const keyByKey: ExportPost[] = [];
      const library: ExportPost[] = [];
      for await (const chunk of exportPosts(bySavedAt, true, size)) keyByKey.push(...chunk);
      for await (const chunk of exportPosts(bySavedAt, true, size, 'library')) library.push(...chunk);
      expect(library, `chunk ${size}`).toEqual(keyByKey);
      expect(library.map((p) => p.key)).toEqual(bySavedAt.map((r) => r.key));
    }
    expect(await countAllPosts()).toBe(5);
    const byUrl = (a: { url: string }, b: { url: string }): number => (a.url < b.url ? -1 : 1);
    expect((await exportImages('all')).sort(byUrl)).toEqual((await exportImages(rows)).sort(byUrl));
    expect((await exportImages('all')).map((i) => i.url).sort()).toEqual([IMG, OTHER]);
  });

  it('reads an empty library as no chunks at all', async () => {
    const chunks: ExportPost[][] = [];
    for await (const chunk of exportAllPosts(false)) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});

describe('applyImport', () => {
  it('restores a wiped library exactly', async () => {
    await seedTwo();
    const before = await exportAll();
    await clearDatabase();
    const report = await applyImport(before.posts as BackupPost[], before.images);
    expect(report).toEqual({ imported: 2, skipped: [], replaced: [] });
    expect(await exportAll()).toEqual(before);
    expect(await countPosts()).toBe(2);
    expect((await db().texts.get('answer:2'))?.text).toContain('二');
  });

  it('keeps the newer version and stores the other as a revision; the same import again skips', async () => {
    await commitPost(row('1', {}, 100), '<p>本地</p>', null, 100);
    const incoming = { ...(await getFullPost('answer:1'))!, content: '<p>导入的新版</p>' };
    incoming.meta = { ...incoming.meta, savedAt: 500, updatedAt: Date.UTC(2025, 0, 1) };
    expect(await applyImport([incoming], [])).toEqual({ imported: 1, skipped: [], replaced: [{ name: incoming.title, kept: 'incoming' }] });
    expect((await getFullPost('answer:1'))?.content).toBe('<p>导入的新版</p>');
    expect((await listRevisions('answer:1')).map((r) => r.content)).toEqual(['<p>本地</p>']);
    expect((await getFullPost('answer:1'))?.meta.revisionCount).toBe(1);
    const again = await applyImport([incoming], []);
    expect(again.imported + again.skipped.length).toBe(1);
    expect(await countPosts()).toBe(1);
  });

  it('changes nothing when the commit fails, and drops the images it had stored', async () => {
    await seedTwo();
    const before = await exportAll();
    const bad = { ...before.posts[0]!, key: 'answer:3', content: (() => 1) as unknown as string } as BackupPost;
    const image = { url: 'https://pic2.zhimg.com/new.png', type: 'image/png', storedAt: 1, bytes: new Uint8Array([1, 2, 3]) };
    await expect(applyImport([bad], [image])).rejects.toThrow();
    expect(await exportAll()).toEqual(before);
    expect(await db().images.count()).toBe(1);
  });

  it('stores only raster images from a file, typed by their bytes and marked as imported; a capture downloads its own', async () => {
    await seedTwo();
    const post = { ...(await exportAll()).posts[0]!, key: 'answer:7' } as BackupPost;
    const svg = { url: 'https://pic1.zhimg.com/v2-evil.png', type: 'image/png', storedAt: 1, bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') };
    const jpeg = { url: 'https://pic1.zhimg.com/v2-ok.png', type: 'image/png', storedAt: 1, bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]) };
    const report = await applyImport([{ ...post, meta: { ...post.meta, images: [svg.url, jpeg.url] } }], [svg, jpeg]);
    expect(report.skipped).toEqual([{ name: svg.url, reason: 'image_not_raster' }]);
    expect(await db().images.get(svg.url)).toBeUndefined();
    expect(await db().images.get(jpeg.url)).toMatchObject({ type: 'image/jpeg', origin: 'import' });
    // A later capture of a post with this URL must not take the file's bytes for Zhihu's.
    expect(await storedImageUrls([jpeg.url, IMG])).toEqual(new Set([IMG]));
  });

  it('streams posts through the staging area a batch at a time; a failure midway leaves library and stage as they were', async () => {
    await seedTwo();
    const before = await exportAll();
    const template = before.posts[0]! as BackupPost;
    const post = (i: number): BackupPost => ({ ...template, key: `answer:${1000 + i}`, meta: { ...template.meta, id: String(1000 + i), images: [] }, revisions: undefined, content: `<p>第${i}篇</p>` });
    const batches = async function* (): AsyncGenerator<BackupPost[]> {
      for (let b = 0; b < 3; b++) yield Array.from({ length: POST_CHUNK }, (_, i) => post(b * POST_CHUNK + i));
      throw new BackupError('backup_hash_mismatch', 'posts/answer/x.json');
    };
    // After each batch is staged: [posts staged, rows in the staging area, posts in the library].
    const seen: Promise<number[]>[] = [];
    const onPosts = (done: number): void => void seen.push(Promise.all([db().importStage.count(), countPosts()]).then(([staged, library]) => [done, staged, library]));
    const image = { url: 'https://pic2.zhimg.com/new.png', type: 'image/png', storedAt: 1, bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]) };
    await expect(applyImport({ total: 4 * POST_CHUNK, batches: batches() }, [image], { onPosts })).rejects.toThrow(BackupError);
    expect(await Promise.all(seen)).toEqual([0, 1, 2, 3].map((n) => [n * POST_CHUNK, n * POST_CHUNK, 2]));
    expect(await db().importStage.count()).toBe(0);
    expect(await exportAll()).toEqual(before);
    expect(await db().images.count()).toBe(1);
  });

  it('commits a streamed import of several chunks whole; a key met again in a later chunk is a duplicate', async () => {
    await seedTwo();
    const template = (await exportAll()).posts[1]! as BackupPost;
    const post = (i: number): BackupPost => ({ ...template, key: `answer:${1000 + i}`, meta: { ...template.meta, id: String(1000 + i) }, content: `<p>第${i}篇</p>` });
    const count = 2 * POST_CHUNK + 7;
    const all = Array.from({ length: count }, (_, i) => post(i));
    const stagedAtCommit: number[] = [];
    const report = await applyImport([...all, post(3)], [], { onCommit: () => void db().importStage.count().then((n) => stagedAtCommit.push(n)) });
    expect(report.imported).toBe(count);
    expect(report.skipped).toEqual([{ name: post(3).title, reason: 'duplicate_in_file' }]);
    expect(stagedAtCommit).toEqual([count + 1]);
    expect(await db().importStage.count()).toBe(0);
    expect(await countPosts()).toBe(count + 2);
    expect((await getFullPost('answer:1206'))?.content).toBe('<p>第206篇</p>');
    expect((await db().annotations.get('answer:1206'))?.note).toBe('笔记');
  });

  it('a stage a dead import left is not touched by another import, and is cleared by the start-up cleanup and by the sweep', async () => {
    await seedTwo();
    const before = await exportAll();
    const dead = { ...(before.posts[0]! as BackupPost), key: 'answer:77' as const };
    await db().importStage.bulkAdd([{ run: 'dead', seq: 0, post: dead }, { run: 'dead', seq: 1, post: dead }]);
    const post = { ...(before.posts[1]! as BackupPost), key: 'answer:5' as const, meta: { ...before.posts[1]!.meta, id: '5' } };
    expect((await applyImport([post], [])).imported).toBe(1);
    expect(await getFullPost('answer:77')).toBeNull();
    expect(await db().importStage.count()).toBe(2);
    expect(await dropStaleStages()).toBe(2);
    expect(await db().importStage.count()).toBe(0);
    await db().importStage.add({ run: 'dead', seq: 0, post: dead });
    await sweepOrphanImages();
    expect(await db().importStage.count()).toBe(0);
  });

  it('stops before the commit when aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const post = { ...(await exportAllAfterSeed()).posts[0]!, key: 'answer:9' } as BackupPost;
    await expect(applyImport([post], [], { signal: ctrl.signal })).rejects.toThrow();
    expect(await getFullPost('answer:9')).toBeNull();
    // Aborted with every post staged and the commit next: the stage goes too.
    const late = new AbortController();
    await expect(applyImport([post], [], { signal: late.signal, onPosts: () => late.abort() })).rejects.toThrow();
    expect(await getFullPost('answer:9')).toBeNull();
    expect(await db().importStage.count()).toBe(0);
  });
});

async function exportAllAfterSeed(): Promise<{ posts: ExportPost[] }> {
  await seedTwo();
  return exportAll();
}
