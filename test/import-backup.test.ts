import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { backupEntries, backupZip, type BackupImageInput, type BackupPost } from '../src/export/backup';
import { collectStream } from '../src/zip/writer';
import { importBackup, parseBackupJson } from '../src/import/backup';
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
  return collectStream(backupZip(posts, images));
}

describe('backup export/import', () => {
  it('export → wipe → import → export is byte-identical', async () => {
    const { posts, images } = data();
    const first = await exportBytes(posts, images);
    const restored = await importBackup(bytesSource(first));
    if (!restored.ok) throw new Error(restored.error.code + restored.error.detail);
    expect(restored.value.posts).toHaveLength(3);
    expect(restored.value.posts.find((p) => p.tags)?.note).toBe('note "with" quotes\u2028');
    const again = await exportBytes(
      restored.value.posts.reverse(),
      restored.value.images.map((i) => ({ ...i, data: i.bytes })),
    );
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
  });

  it('is deterministic whatever the input order, and reports progress', async () => {
    const { posts, images } = data();
    const seen: number[] = [];
    const a = await collectStream(backupZip(posts, images, { onProgress: (p) => seen.push(p.entries) }));
    const b = await exportBytes([...posts].reverse(), [...images].reverse());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
    expect(backupEntries(posts, images).map((e) => e.name)).toEqual(['backup.json', ...backupEntries(posts, images).slice(1).map((e) => e.name).sort()]);
  });

  it('can be cancelled', async () => {
    const { posts, images } = data();
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(collectStream(backupZip(posts, images, { signal: controller.signal }))).rejects.toThrow('user cancelled');
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
      const r = await importBackup(bytesSource(zipSync(files)));
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
    expect(r.keep.tags).toEqual(['b', 'a']);
    expect(resolveConflict(newer, older).winner).toBe('existing');
    expect(resolveConflict(newer, { ...newer }).revision).toBeNull();
  });
});
