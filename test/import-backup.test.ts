import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { BackupImageInput, BackupPost } from '../src/backup/format';
import { parseBackupJson, readBackup, type RestoredBackup } from '../src/backup/read';
import { backupZip, sourceOf } from '../src/backup/write';
import { canonicalJson } from '../src/backup/canonical-json';
import { backupV1Zip } from './support/backup-v1';
import { collectStream } from '../src/zip/writer';
import { resolveConflict } from '../src/import/conflict';
import { bytesSource } from '../src/zip/reader';
import { seedPost } from './fixtures-export/posts';

const enc = new TextEncoder();

function data(): { posts: BackupPost[]; images: BackupImageInput[] } {
  const [a, b, c] = [seedPost(0), seedPost(1), seedPost(2)];
  const posts: BackupPost[] = [
    c!,
    { ...a!, tags: ['热榜', 'x'], note: 'note "with" quotes\u2028', revisions: [{ key: a!.key, savedAt: 1, replacedAt: 2, title: 'old', content: '<p>old</p>', updatedAt: null }], meta: { ...a!.meta, firstSavedAt: 1, revisionCount: 1 } },
    b!,
  ];
  const jpeg = new Uint8Array(5000).map((_, i) => (i * 31) & 0xff);
  const images: BackupImageInput[] = [
    { url: a!.headimg, type: 'image/jpeg', size: jpeg.length, storedAt: 5, data: jpeg },
    { url: c!.headimg, type: 'image/png', size: 4, storedAt: 6, data: new Blob([new Uint8Array([1, 2, 3, 4])]) },
  ];
  return { posts, images };
}

async function exportBytes(posts: BackupPost[], images: BackupImageInput[]): Promise<Uint8Array> {
  return collectStream(backupZip(sourceOf(posts, images)));
}

const again = (restored: RestoredBackup): [BackupPost[], BackupImageInput[]] => [restored.posts.reverse(), restored.images.map((i) => ({ ...i, data: i.bytes }))];

describe('backup v2 export/import', () => {
  it('export → wipe → import → export is byte-identical', async () => {
    const { posts, images } = data();
    const first = await exportBytes(posts, images);
    const restored = await readBackup(bytesSource(first));
    if (!restored.ok) throw new Error(restored.error.code + restored.error.detail);
    expect(restored.value.posts).toHaveLength(3);
    expect(restored.value.posts.find((p) => p.tags)?.note).toBe('note "with" quotes\u2028');
    expect(restored.value.images.map((i) => i.bytes.length).sort()).toEqual([4, 5000]);
    const second = await exportBytes(...again(restored.value));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('writes the manifest first, one file per post in key order, images by file, checksums last; deterministic, with progress', async () => {
    const { posts, images } = data();
    const seen: number[] = [];
    const a = await collectStream(backupZip(sourceOf(posts, images), { onProgress: (p) => seen.push(p.entries) }));
    const b = await exportBytes([...posts].reverse(), [...images].reverse());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const names = Object.keys(unzipSync(a));
    const keys = posts.map((p) => p.key).sort();
    expect(names.slice(0, 4)).toEqual(['manifest.json', ...keys.map((k) => `posts/${k.replace(':', '/')}.json`)]);
    expect(names.slice(4, 6)).toEqual(names.slice(4, 6).sort());
    expect(names[6]).toBe('checksums.json');
    const sums = JSON.parse(new TextDecoder().decode(unzipSync(a)['checksums.json'])) as { counts: unknown; sha256: Record<string, string> };
    expect(sums.counts).toEqual({ posts: 3, images: 2 });
    const post = unzipSync(a)[names[1]!]!;
    expect(sums.sha256[names[1]!]).toBe(createHash('sha256').update(post).digest('hex'));
  });

  it('can be cancelled', async () => {
    const { posts, images } = data();
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(collectStream(backupZip(sourceOf(posts, images), { signal: controller.signal }))).rejects.toThrow('user cancelled');
  });
});

describe('backup v1 (files users already hold)', () => {
  it('still imports, and written again is byte-identical', async () => {
    const { posts, images } = data();
    const first = await collectStream(backupV1Zip(posts, images));
    const restored = await readBackup(bytesSource(first));
    if (!restored.ok) throw new Error(restored.error.code + restored.error.detail);
    expect(restored.value.posts).toHaveLength(3);
    const second = await collectStream(backupV1Zip(...again(restored.value)));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    // The same library written as v2 reads back to the same posts and images.
    const v2 = await readBackup(bytesSource(await exportBytes(posts, images)));
    if (!v2.ok) throw new Error(v2.error.code);
    expect(canonicalJson(v2.value)).toBe(canonicalJson({ ...restored.value, posts: [...restored.value.posts].sort((a, b) => (a.key < b.key ? -1 : 1)) }));
  });
});

describe('backup v2 refuses hostile files', () => {
  async function tampered(change: (files: Record<string, Uint8Array>) => void): Promise<string> {
    const { posts, images } = data();
    const files = unzipSync(await exportBytes(posts, images));
    change(files);
    const r = await readBackup(bytesSource(zipSync(files, { level: 0 })));
    return r.ok ? 'ok' : r.error.code;
  }
  const sumsOf = (files: Record<string, Uint8Array>) => JSON.parse(new TextDecoder().decode(files['checksums.json'])) as { counts: { posts: number; images: number }; sha256: Record<string, string> };
  const firstPost = (files: Record<string, Uint8Array>): string => Object.keys(files).find((n) => n.startsWith('posts/'))!;

  it('takes the file untouched (the control for the cases below)', async () => {
    expect(await tampered(() => undefined)).toBe('ok');
  });

  it('refuses a post whose bytes disagree with the checksum', async () => {
    expect(await tampered((f) => (f[firstPost(f)] = enc.encode(new TextDecoder().decode(f[firstPost(f)]).replace('"title":"', '"title":"X'))))).toBe('backup_hash_mismatch');
  });

  it('refuses an image whose bytes disagree with the checksum', async () => {
    expect(await tampered((f) => {
      const name = Object.keys(f).find((n) => n.startsWith('images/') && f[n]!.length === 4)!;
      f[name] = new Uint8Array([9, 9, 9, 9]);
    })).toBe('backup_hash_mismatch');
  });

  it('refuses a post stored under another post’s path, even with a matching checksum', async () => {
    expect(await tampered((f) => {
      const name = firstPost(f);
      const sums = sumsOf(f);
      const moved = name.replace(/\/([\w-]+)\.json$/, '/other-id.json');
      f[moved] = f[name]!;
      delete f[name];
      sums.sha256[moved] = sums.sha256[name]!;
      delete sums.sha256[name];
      f['checksums.json'] = enc.encode(JSON.stringify(sums));
    })).toBe('backup_key_mismatch');
  });

  it('refuses checksums that list other entries or counts than the file holds', async () => {
    expect(await tampered((f) => {
      const sums = sumsOf(f);
      sums.counts.posts += 1;
      f['checksums.json'] = enc.encode(JSON.stringify(sums));
    })).toBe('backup_bad_schema');
    expect(await tampered((f) => delete f['checksums.json'])).toBe('backup_bad_schema');
    expect(await tampered((f) => (f['posts/answer/extra.json'] = f[firstPost(f)]!))).toBe('backup_bad_schema');
  });

  it('refuses an unknown version and a missing manifest', async () => {
    expect(await tampered((f) => (f['manifest.json'] = enc.encode(new TextDecoder().decode(f['manifest.json']).replace('"version":2', '"version":3'))))).toBe('backup_unsupported_version');
    expect(await tampered((f) => delete f['manifest.json'])).toBe('backup_missing_json');
  });
});

describe('backup import rejects bad input, all or nothing', () => {
  const json = (over: (j: { posts: Record<string, unknown>[]; images: Record<string, unknown>[] }) => void) => {
    const j = { format: 'zhihu-offline-backup', version: 1, images: [] as Record<string, unknown>[], posts: [{ ...seedPost(1) }] as Record<string, unknown>[] };
    over(j);
    return JSON.stringify(j);
  };

  it('accepts a valid minimal backup.json', () => {
    expect(parseBackupJson(json(() => {})).ok).toBe(true);
  });

  it.each([
    ['unknown key', (j: { posts: Record<string, unknown>[] }) => (j.posts[0]!.evil = 1), 'backup_bad_schema'],
    ['bad key', (j: { posts: Record<string, unknown>[] }) => (j.posts[0]!.key = 'answer:../x'), 'backup_bad_schema'],
    ['javascript URL', (j: { posts: Record<string, unknown>[] }) => (j.posts[0]!.meta = { ...(j.posts[0]!.meta as object), url: 'javascript:alert(1)' }), 'backup_bad_schema'],
    ['huge content', (j: { posts: Record<string, unknown>[] }) => (j.posts[0]!.content = 'x'.repeat(6 * 1024 * 1024)), 'backup_bad_schema'],
  ])('%s', (_name, mutate, code) => {
    const r = parseBackupJson(json(mutate));
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
  });

  it('refuses __proto__ keys anywhere', () => {
    const text = json(() => {}).replace('"meta":{', '"meta":{"__proto__":{"polluted":1},');
    const r = parseBackupJson(text);
    expect(r.ok ? 'ok' : r.error.code).toBe('backup_bad_json');
  });

  it('reports an unsupported version', () => {
    const r = parseBackupJson(JSON.stringify({ format: 'zhihu-offline-backup', version: 99, images: [], posts: [] }));
    expect(r.ok ? 'ok' : r.error.code).toBe('backup_unsupported_version');
  });

  it('refuses a missing image, an unexpected entry, and a missing backup.json', async () => {
    const manifest = [{ url: 'https://pic1.zhimg.com/v2-a_r.jpg', file: '0123456789abcdef.jpg', type: 'image/jpeg', size: 1, storedAt: 1 }];
    const body = JSON.stringify({ format: 'zhihu-offline-backup', version: 1, images: manifest, posts: [] });
    const code = async (files: Record<string, Uint8Array>) => {
      const r = await readBackup(bytesSource(zipSync(files)));
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code({ 'backup.json': enc.encode(body) })).toBe('backup_missing_image');
    expect(await code({ 'backup.json': enc.encode(body), 'images/0123456789abcdef.jpg': new Uint8Array(1), 'x.exe': new Uint8Array(1) })).toBe('backup_bad_schema');
    expect(await code({ 'backup.json': enc.encode(body), 'images/0123456789abcdef.jpg': new Uint8Array(2) })).toBe('backup_image_mismatch');
    expect(await code({ 'images/0123456789abcdef.jpg': new Uint8Array(1) })).toBe('backup_missing_json');
    expect(await code({ 'backup.json': enc.encode(body), 'images/0123456789abcdef.jpg': new Uint8Array(1) })).toBe('ok');
  });
});

describe('conflict policy', () => {
  it('keeps the newer version and turns the older into a revision', () => {
    const base = seedPost(1);
    const older: BackupPost = { ...base, content: '<p>old</p>', tags: ['a'], meta: { ...base.meta, updatedAt: 1000, savedAt: 1000 } };
    const newer: BackupPost = { ...base, content: '<p>new</p>', tags: ['b'], meta: { ...base.meta, updatedAt: 2000, savedAt: 2000 } };
    const r = resolveConflict(older, newer);
    expect(r.winner).toBe('incoming');
    expect(r.keep.content).toBe('<p>new</p>');
    expect(r.revision).toEqual({ key: base.key, savedAt: 1000, replacedAt: 2000, title: base.title, content: '<p>old</p>', updatedAt: 1000 });
    expect(r.keep.revisions).toEqual([r.revision]);
    // Each side brought a tag of its own: the union, sorted (the same on every device that merges them).
    expect(r.keep.tags).toEqual(['a', 'b']);
    expect(resolveConflict(newer, older).winner).toBe('existing');
    expect(resolveConflict(newer, { ...newer }).revision).toBeNull();
  });
});
