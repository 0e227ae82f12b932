// @vitest-environment node
// Every schema version opens a database written by each earlier version's code, and loses nothing.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7, ZhihuOfflineDB } from '../src/storage/db';
import { upgradeToV2 } from '../src/storage/migrations';
import type { ContentRow, PostRow } from '../src/storage/types';

interface V1Dump {
  posts: PostRow[];
  contents: ContentRow[];
  images: { url: string; bytes: number[]; type: string }[];
}
const dump = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/storage/v1-dump.json'), 'utf8')) as V1Dump;

async function writeV1(name: string): Promise<Dexie> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  await v1.transaction('rw', ['posts', 'contents', 'images'], async () => {
    await v1.table('posts').bulkPut(dump.posts);
    await v1.table('contents').bulkPut(dump.contents);
    await v1.table('images').bulkPut(dump.images.map((i) => ({ url: i.url, blob: new Blob([new Uint8Array(i.bytes)], { type: i.type }), type: i.type, size: i.bytes.length, storedAt: 1 })));
  });
  return v1;
}

describe('v1 → v2', () => {
  it('keeps every post, content and image, and derives texts, refs and the counter', async () => {
    (await writeV1('mig-1')).close();
    const v2 = new ZhihuOfflineDB('mig-1');
    expect((await v2.posts.toArray()).map((p) => ({ ...p, meta: { ...p.meta, firstSavedAt: undefined, revisionCount: undefined } }))).toEqual(
      dump.posts.map((p) => ({ ...p, meta: { ...p.meta, firstSavedAt: undefined, revisionCount: undefined } })),
    );
    expect(await v2.contents.toArray()).toEqual(dump.contents);
    const blobs = await v2.images.toArray();
    expect(blobs.map((b) => b.url).sort()).toEqual(dump.images.map((i) => i.url).sort());
    for (const b of blobs) {
      const want = dump.images.find((i) => i.url === b.url);
      expect([...new Uint8Array(await b.blob.arrayBuffer())]).toEqual(want?.bytes);
    }
    expect(await v2.texts.count()).toBe(dump.posts.length);
    const first = dump.posts[0]!;
    expect((await v2.texts.get(first.key))?.text).toContain(first.title.toLowerCase());
    expect((await v2.counters.get('posts'))?.value).toBe(dump.posts.length);
    const refs = await v2.postImages.toArray();
    expect(refs.length).toBe(dump.posts.reduce((n, p) => n + new Set(p.meta.images).size, 0));
    for (const p of await v2.posts.toArray()) expect(p.meta.firstSavedAt).toBe(p.meta.savedAt);
    v2.close();
  });

  it('an older tab holding the v1 database open does not block the upgrade or lose a save', async () => {
    const old = await writeV1('mig-2');
    let told = false;
    old.on('versionchange', () => {
      told = true; // Dexie's default then closes the old connection, as our pages do
    });
    const v2 = new ZhihuOfflineDB('mig-2');
    await v2.transaction('rw', v2.posts, v2.contents, async () => {
      await v2.contents.put({ key: 'answer:999', content: '<p>new</p>' });
      await v2.posts.put({ ...dump.posts[0]!, key: 'answer:999' });
    });
    expect(told).toBe(true);
    expect(await v2.posts.count()).toBe(dump.posts.length + 1);
    v2.close();
  });
});

describe('v2 → v3 (batch save)', () => {
  it('keeps every v2 row and adds empty batch stores', async () => {
    (await writeV1('mig-3')).close();
    // A database as the v2 build leaves it: v1 data upgraded by the v2 schema alone.
    const v2 = new Dexie('mig-3');
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeToV2(tx));
    await v2.open();
    const before = { posts: await v2.table('posts').toArray(), texts: await v2.table('texts').count(), refs: await v2.table('postImages').count(), counter: await v2.table('counters').get('posts') };
    await v2.table('outbox').put({ id: 'save:answer:1', kind: 'save', key: 'answer:1', pending: [], attempts: 0, nextAttemptAt: 1, createdAt: 1 });
    v2.close();
    const v3 = new ZhihuOfflineDB('mig-3');
    expect(await v3.posts.toArray()).toEqual(before.posts);
    expect(await v3.texts.count()).toBe(before.texts);
    expect(await v3.postImages.count()).toBe(before.refs);
    expect(await v3.counters.get('posts')).toEqual(before.counter);
    expect((await v3.outbox.toArray()).map((j) => j.id)).toEqual(['save:answer:1']);
    expect(await v3.batches.count()).toBe(0);
    expect(await v3.batchItems.count()).toBe(0);
    // The current build's version: later schemas add stores on top of v3's (see the v3 → v5 case).
    expect(v3.verno).toBeGreaterThanOrEqual(3);
    v3.close();
  });
});

describe('v3 → v5 (comments)', () => {
  it('keeps every v3 row and adds empty comment stores', async () => {
    (await writeV1('mig-5')).close();
    // A database as the v3 build leaves it, with a batch in it.
    const v3 = new Dexie('mig-5');
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeToV2(tx));
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    await v3.table('batches').put({ id: 'b1', state: 'paused' });
    const before = { posts: await v3.table('posts').toArray(), contents: await v3.table('contents').toArray(), texts: await v3.table('texts').count(), refs: await v3.table('postImages').count() };
    v3.close();
    const v5 = new ZhihuOfflineDB('mig-5');
    expect(await v5.posts.toArray()).toEqual(before.posts);
    expect(await v5.contents.toArray()).toEqual(before.contents);
    expect(await v5.texts.count()).toBe(before.texts);
    expect(await v5.postImages.count()).toBe(before.refs);
    expect((await v5.batches.toArray()).map((b) => b.id)).toEqual(['b1']);
    expect(await v5.comments.count()).toBe(0);
    expect(await v5.commentSets.count()).toBe(0);
    const key = before.posts[0]!.key;
    await v5.comments.put({ key, seq: 0, id: '1', rootId: null, replyToId: null, replyTo: null, author: { name: 'a', url: '' }, createdAt: 1, likes: 0, html: '<p>x</p>', replyCount: 0 });
    expect((await v5.comments.where('key').equals(key).toArray()).map((c) => c.id)).toEqual(['1']);
    // The current build's version: later schemas add stores on top of v5's (see the v5 → v6 and v3 → v7 cases).
    expect(v5.verno).toBeGreaterThanOrEqual(5);
    v5.close();
  });
});

describe('v5 → v6 (streamed import)', () => {
  it('keeps every v5 row and adds an empty import staging store', async () => {
    (await writeV1('mig-6')).close();
    // A database as the v5 build leaves it, with a batch and a comment in it.
    const v5 = new Dexie('mig-6');
    v5.version(1).stores(SCHEMA_V1);
    v5.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeToV2(tx));
    v5.version(3).stores(SCHEMA_V3);
    v5.version(5).stores(SCHEMA_V5);
    await v5.open();
    const key = ((await v5.table('posts').toCollection().first()) as PostRow).key;
    await v5.table('batches').put({ id: 'b1', state: 'paused' });
    await v5.table('comments').put({ key, seq: 0, id: '1', rootId: null, replyToId: null, replyTo: null, author: { name: 'a', url: '' }, createdAt: 1, likes: 0, html: '<p>x</p>', replyCount: 0 });
    await v5.table('commentSets').put({ key, state: 'complete', reason: null, total: 1, kept: 1, fetchedAt: 1 });
    const stores = ['posts', 'contents', 'texts', 'images', 'postImages', 'revisions', 'annotations', 'outbox', 'counters', 'batches', 'batchItems', 'comments', 'commentSets'];
    const before = new Map<string, unknown[]>();
    for (const s of stores) before.set(s, (await v5.table(s).toArray()).map((r: { blob?: unknown }) => ({ ...r, blob: r.blob === undefined ? undefined : 'blob' })));
    v5.close();
    const v6 = new ZhihuOfflineDB('mig-6');
    for (const s of stores) expect((await v6.table(s).toArray()).map((r: { blob?: unknown }) => ({ ...r, blob: r.blob === undefined ? undefined : 'blob' })), s).toEqual(before.get(s));
    expect(await v6.importStage.count()).toBe(0);
    const post = { ...(before.get('posts')![0] as PostRow), content: '<p>x</p>' };
    await v6.importStage.bulkAdd([{ run: 'r', seq: 1, post }, { run: 'r', seq: 0, post }]);
    expect((await v6.importStage.where('[run+seq]').between(['r', 0], ['r', 2]).toArray()).map((r) => r.seq)).toEqual([0, 1]);
    // The current build's version: later schemas add stores on top of v6's (see the v7 → v9 case).
    expect(v6.verno).toBeGreaterThanOrEqual(6);
    v6.close();
  });
});

describe('v3 → v7 (the watch)', () => {
  it('keeps every v3 row and adds empty watch stores whose indexes answer', async () => {
    (await writeV1('mig-7')).close();
    // A database as the v3 build leaves it, with a batch in it.
    const v3 = new Dexie('mig-7');
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeToV2(tx));
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    await v3.table('batches').put({ id: 'b1', state: 'paused' });
    const before = { posts: await v3.table('posts').toArray(), contents: await v3.table('contents').toArray(), texts: await v3.table('texts').count(), refs: await v3.table('postImages').count() };
    v3.close();
    const v7 = new ZhihuOfflineDB('mig-7');
    expect(await v7.posts.toArray()).toEqual(before.posts);
    expect(await v7.contents.toArray()).toEqual(before.contents);
    expect(await v7.texts.count()).toBe(before.texts);
    expect(await v7.postImages.count()).toBe(before.refs);
    expect((await v7.batches.toArray()).map((b) => b.id)).toEqual(['b1']);
    expect([await v7.zhihuStates.count(), await v7.watchRuns.count(), await v7.watchItems.count()]).toEqual([0, 0, 0]);
    const [a, b] = before.posts.map((p) => p.key);
    await v7.zhihuStates.bulkPut([
      { key: a!, state: 'visible', rank: 0, since: 5, checkedAt: 5, textHash: null },
      { key: b!, state: 'deleted', rank: 4, since: 3, checkedAt: 5, textHash: null },
    ]);
    expect(await v7.zhihuStates.orderBy('[rank+since]').reverse().primaryKeys()).toEqual([b, a]);
    await v7.watchItems.put({ runId: 'watch:1', seq: 0, key: a!, state: 'pending', outcome: null, raw: null, reason: null });
    expect(await v7.watchItems.where('[runId+state]').equals(['watch:1', 'pending']).count()).toBe(1);
    // The current build's version: v9 adds the signature store on top of v7's.
    expect(v7.verno).toBeGreaterThanOrEqual(7);
    v7.close();
  });
});

describe('v7 → v9 (search signatures in their own store)', () => {
  it('keeps every v7 row and adds an empty signature store, filled when the library loads', async () => {
    (await writeV1('mig-9')).close();
    const v6 = new Dexie('mig-9');
    v6.version(1).stores(SCHEMA_V1);
    v6.version(2).stores(SCHEMA_V2).upgrade((tx) => upgradeToV2(tx));
    v6.version(3).stores(SCHEMA_V3);
    v6.version(5).stores(SCHEMA_V5);
    v6.version(6).stores(SCHEMA_V6);
    v6.version(7).stores(SCHEMA_V7);
    await v6.open();
    await v6.table('zhihuStates').put({ key: (await v6.table('posts').toCollection().first()).key, state: 'edited', rank: 1, since: 5, checkedAt: 5, textHash: null });
    const stores = ['posts', 'contents', 'texts', 'images', 'postImages', 'revisions', 'annotations', 'outbox', 'counters', 'batches', 'batchItems', 'comments', 'commentSets', 'importStage', 'zhihuStates', 'watchRuns', 'watchItems'];
    const before = new Map<string, unknown[]>();
    for (const s of stores) before.set(s, (await v6.table(s).toArray()).map((r: { blob?: unknown }) => ({ ...r, blob: r.blob === undefined ? undefined : 'blob' })));
    v6.close();
    const v9 = new ZhihuOfflineDB('mig-9');
    for (const s of stores) expect((await v9.table(s).toArray()).map((r: { blob?: unknown }) => ({ ...r, blob: r.blob === undefined ? undefined : 'blob' })), s).toEqual(before.get(s));
    expect(await v9.sigs.count()).toBe(0);
    const key = (before.get('posts')![0] as PostRow).key;
    await v9.sigs.put({ key, v: 1, sig: new Uint8Array(64) });
    expect((await v9.sigs.get(key))?.sig.length).toBe(64);
    expect(v9.verno).toBe(9);
    v9.close();
  });
});
