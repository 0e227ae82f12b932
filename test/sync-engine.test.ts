// @vitest-environment node
// Sync (issue #16): two devices, each its own library (its own IndexedDB and its own copy of the storage
// modules), syncing through a real WebDAV server (rclone serve webdav). Each convergence rule of the issue
// is checked on both libraries; the server folder is checked readable by our own parsers after every sync.
import { IDBFactory } from 'fake-indexeddb';
import { JSDOM } from 'jsdom';
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackupPostSchema } from '../src/backup/schema';
import { DeviceManifestSchema } from '../src/sync/manifest';
import { DavClient } from '../src/sync/webdav';
import { newState, runSync, type SyncState } from '../src/sync/engine';
import { png, row } from './support/storage';
import type * as CommitModule from '../src/storage/commit';
import type * as ImagesModule from '../src/storage/images';
import type * as LibraryModule from '../src/storage/library';
import type * as PostsModule from '../src/storage/posts';
import type * as SyncLocalModule from '../src/ui/library/sync-local';
import type * as DbModule from '../src/storage/db';
import { startWebDav, type WebDavServer } from './support/webdav-server';

type Storage = {
  commit: typeof CommitModule;
  images: typeof ImagesModule;
  library: typeof LibraryModule;
  posts: typeof PostsModule;
  local: typeof SyncLocalModule;
  db: typeof DbModule;
};

interface Device {
  name: string;
  s: Storage;
  state: SyncState;
  /** Runs with this device's IndexedDB as the global one (Dexie looks it up when it opens). */
  sync(dav?: DavClient): Promise<Awaited<ReturnType<typeof runSync>>['report']>;
}

// Node's Blob (what the extension's pages have too: arrayBuffer); a DOM only for the import cleaner.
Object.assign(globalThis, { window: new JSDOM('').window });

let server: WebDavServer;
const dav = (): DavClient => new DavClient({ server: server.url, folder: 'zhihu-offline/', user: server.user, password: server.password });

async function device(name: string, id: string): Promise<Device> {
  vi.resetModules();
  globalThis.indexedDB = new IDBFactory();
  const s: Storage = {
    commit: await import('../src/storage/commit'),
    images: await import('../src/storage/images'),
    library: await import('../src/storage/library'),
    posts: await import('../src/storage/posts'),
    local: await import('../src/ui/library/sync-local'),
    db: await import('../src/storage/db'),
  };
  await s.db.openLibrary();
  const d: Device = {
    name,
    s,
    state: newState(id),
    async sync(client = dav()) {
      const { state, report } = await runSync(client, s.local.syncLocal, d.state);
      d.state = state;
      return report;
    },
  };
  return d;
}

const IMG = 'https://pic1.zhimg.com/v2-0123456789abcdef0123456789abcdef_r.jpg';

async function save(d: Device, id: string, body: string, savedAt: number, images: string[] = []): Promise<void> {
  for (const url of images) await d.s.images.storeImage({ url, blob: png(url), type: 'image/png', size: png(url).size, storedAt: savedAt });
  const r = row(id, { images, contentHtml: body }, savedAt);
  await d.s.commit.commitPost({ ...r, meta: { ...r.meta, images } }, body, null, savedAt);
}

async function library(d: Device): Promise<Record<string, { content: string; tags: string[]; note: string; revisions: string[] }>> {
  const db = d.s.db.db();
  const out: Record<string, { content: string; tags: string[]; note: string; revisions: string[] }> = {};
  for (const p of await db.posts.toArray()) {
    const a = await db.annotations.get(p.key);
    out[p.key] = {
      content: (await db.contents.get(p.key))?.content ?? '',
      tags: a?.tags ?? [],
      note: a?.note ?? '',
      revisions: (await db.revisions.where('key').equals(p.key).toArray()).map((r) => r.content).sort(),
    };
  }
  return out;
}

/** The folder as any reader finds it: every manifest and every live post it names parse, and hash as said. */
async function expectReadable(): Promise<void> {
  const root = path.join(server.dir, 'zhihu-offline');
  for (const f of readdirSync(path.join(root, 'devices'))) {
    expect(f).toMatch(/^[0-9a-f-]+\.json$/);
    const m = v.parse(DeviceManifestSchema, JSON.parse(readFileSync(path.join(root, 'devices', f), 'utf8')));
    for (const [key, e] of Object.entries(m.posts)) {
      if ('deleted' in e) continue;
      const [kind, id] = key.split(':');
      const bytes = readFileSync(path.join(root, 'posts', kind!, `${id}.json`));
      v.parse(BackupPostSchema, JSON.parse(bytes.toString('utf8')));
    }
    for (const img of Object.values(m.images)) expect(readFileSync(path.join(root, 'images', img.file)).byteLength).toBe(img.size);
  }
}

let A: Device;
let B: Device;

beforeAll(async () => {
  server = await startWebDav();
  A = await device('A', 'aaaaaaaa-0000-4000-8000-000000000001');
  B = await device('B', 'bbbbbbbb-0000-4000-8000-000000000002');
});
afterAll(async () => {
  await server.close();
});

describe('two devices on one WebDAV folder', () => {
  it('saved in A, synced both: the post and its image are in B', async () => {
    await save(A, '101', '<p>第一篇</p>', 1_000, [IMG]);
    await A.sync();
    await expectReadable();
    const report = await B.sync();
    expect(report.fetched).toBe(1);
    expect(await library(B)).toEqual(await library(A));
    expect((await B.s.db.db().images.get(IMG))?.size).toBe(png(IMG).size);
  });

  it('a tag and a note added in B reach A', async () => {
    await B.s.library.saveAnnotation({ key: 'answer:101' as never, tags: ['物理'], note: '读过' });
    await B.sync();
    await A.sync();
    expect((await library(A))['answer:101']).toMatchObject({ tags: ['物理'], note: '读过' });
    await expectReadable();
  });

  it('with nothing changed, a sync is a handful of requests and sends nothing', async () => {
    await A.sync();
    await B.sync();
    const a = await A.sync();
    const b = await B.sync();
    expect([a.sent, b.sent, a.fetched, b.fetched]).toEqual([0, 0, 0, 0]);
    expect(a.requests).toBeLessThanOrEqual(3);
    expect(b.requests).toBeLessThanOrEqual(3);
  });

  it('the same post re-saved in both with different text: the later wins on both, the other is kept as a revision', async () => {
    await save(A, '102', '<p>原文</p>', 2_000);
    await A.sync();
    await B.sync();
    await save(A, '102', '<p>A 改的</p>', 3_000);
    await save(B, '102', '<p>B 改的，更晚</p>', 4_000);
    await A.sync();
    await B.sync();
    await A.sync();
    const a = (await library(A))['answer:102'];
    const b = (await library(B))['answer:102'];
    expect(a?.content).toBe('<p>B 改的，更晚</p>');
    expect(b).toEqual(a);
    expect(a?.revisions).toContain('<p>A 改的</p>');
    await expectReadable();
  });

  it('tags edited in both: the union; notes edited in both: both texts kept', async () => {
    await A.s.library.saveAnnotation({ key: 'answer:101' as never, tags: ['物理', '甲'], note: '读过，A 的笔记' });
    await B.s.library.saveAnnotation({ key: 'answer:101' as never, tags: ['物理', '乙'], note: '读过，B 的笔记' });
    await A.sync();
    await B.sync();
    await A.sync();
    const a = (await library(A))['answer:101'];
    expect(new Set(a?.tags)).toEqual(new Set(['物理', '甲', '乙']));
    expect(a?.note).toContain('A 的笔记');
    expect(a?.note).toContain('B 的笔记');
    expect((await library(B))['answer:101']).toEqual(a);
  });

  it('a tag removed and a note rewritten in B alone win over A\'s unchanged copy (three-way, not a union)', async () => {
    await save(A, '103', '<p>第三篇</p>', 5_000);
    await A.s.library.saveAnnotation({ key: 'answer:103' as never, tags: ['留', '删'], note: '旧笔记' });
    await A.sync();
    await B.sync();
    await B.s.library.saveAnnotation({ key: 'answer:103' as never, tags: ['留'], note: '新笔记' });
    await B.sync();
    await A.sync();
    expect((await library(A))['answer:103']).toMatchObject({ tags: ['留'], note: '新笔记' });
    // And nothing more moves: both hold the same post, and a further round sends and fetches nothing.
    await B.sync();
    expect((await library(B))['answer:103']).toEqual((await library(A))['answer:103']);
    const [a, b] = [await A.sync(), await B.sync()];
    expect([a.sent, a.fetched, b.sent, b.fetched]).toEqual([0, 0, 0, 0]);
  });

  it('deleted in A: gone from B, and the folder no longer holds it', async () => {
    await A.s.posts.deletePosts(['answer:102' as never]);
    await A.sync();
    await B.sync();
    expect(Object.keys(await library(B))).not.toContain('answer:102');
    expect(readdirSync(path.join(server.dir, 'zhihu-offline/posts/answer'))).not.toContain('102.json');
    await expectReadable();
  });

  it('a sync cut off midway (the server goes away) leaves the folder readable; the next one finishes it', async () => {
    for (let i = 0; i < 8; i++) await save(A, String(200 + i), `<p>批量 ${i}</p>`, 10_000 + i);
    let calls = 0;
    const dying = new DavClient({ server: server.url, folder: 'zhihu-offline/', user: server.user, password: server.password }, async (input, init) => {
      if (++calls > 6) throw new TypeError('network cut');
      return fetch(input, init);
    });
    await expect(A.sync(dying)).rejects.toMatchObject({ kind: 'network' });
    await expectReadable();
    await A.sync();
    await B.sync();
    expect(Object.keys(await library(B)).sort()).toEqual(Object.keys(await library(A)).sort());
    await expectReadable();
  });

  it('a long sync killed after a checkpoint: the manifest names what went up, and the next sync sends only the rest', async () => {
    // 80 posts of ~30 KB: the first chunk of 50 (~1.5 MB) passes the checkpoint's 1 MiB.
    for (let i = 0; i < 80; i++) await save(A, String(300 + i), `<p>${'长文'.repeat(5_000)}${i}</p>`, 20_000 + i);
    const config = { server: server.url, folder: 'zhihu-offline/', user: server.user, password: server.password };
    let sinceCheckpoint = -1;
    const dying = new DavClient(config, async (input, init) => {
      // The page running the sync closed a few requests after the checkpoint's MOVE of devices/<id>.json.
      if (sinceCheckpoint >= 0 && ++sinceCheckpoint > 6) throw new TypeError('Failed to fetch');
      if (init?.method === 'MOVE' && String(input).includes('/devices/')) sinceCheckpoint = 0;
      return fetch(input, init);
    });
    await expect(A.sync(dying)).rejects.toMatchObject({ kind: 'network' });
    expect(sinceCheckpoint).toBeGreaterThan(6);
    await expectReadable();
    const recorded = Object.keys(v.parse(DeviceManifestSchema, JSON.parse(readFileSync(path.join(server.dir, 'zhihu-offline/devices', `${A.state.device}.json`), 'utf8'))).posts).filter((k) => Number(k.split(':')[1]) >= 300);
    expect(recorded.length).toBe(50);
    const puts: string[] = [];
    const watched = new DavClient(config, async (input, init) => {
      if (init?.method === 'PUT') puts.push(decodeURIComponent(new URL(String(input)).pathname));
      return fetch(input, init);
    });
    const report = await A.sync(watched);
    expect(report.sent).toBe(30);
    for (const key of recorded) expect(puts.filter((p) => p.includes(`/posts/answer/${key.split(':')[1]}.json`))).toEqual([]);
    await B.sync();
    expect(await library(B)).toEqual(await library(A));
    await expectReadable();
  });
});
