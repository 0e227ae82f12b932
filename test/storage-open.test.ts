// @vitest-environment node
// Open failures (R11 downgrade, R13 corruption): the library is refused with a kind the user can act
// on, and never deleted, patched or upgraded by a build that does not know its version.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, SCHEMA_V2, ZhihuOfflineDB, db, openLibrary } from '../src/storage/db';
import { KNOWN_IDB_VERSION, LibraryUnavailableError, openFailureKind } from '../src/storage/open-failure';

/** Creates `name` with raw IndexedDB at `version`: our v2 stores (or fewer) plus one post. */
async function createRaw(name: string, version: number, stores: string[]): Promise<void> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => {
      for (const s of stores) req.result.createObjectStore(s, { keyPath: s === 'posts' ? 'key' : undefined });
      req.result.createObjectStore('future-store');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction('posts', 'readwrite');
    tx.objectStore('posts').put({ key: 'answer:1', title: 'written by a newer build', futureField: 42 });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  idb.close();
}

/** Version, stores and the one post, read with raw IndexedDB (no upgrade: no version asked). */
async function inspect(name: string): Promise<{ version: number; stores: string[]; post: unknown }> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const post = await new Promise((resolve) => {
    const req = idb.transaction('posts').objectStore('posts').get('answer:1');
    req.onsuccess = () => resolve(req.result);
  });
  const out = { version: idb.version, stores: [...idb.objectStoreNames].sort(), post };
  idb.close();
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('opening the library', () => {
  it('knows its own version: KNOWN_IDB_VERSION is the Dexie schema × 10', () => {
    expect(Math.round(new ZhihuOfflineDB('verno').verno * 10)).toBe(KNOWN_IDB_VERSION);
  });

  it.each([
    ['a superset of our schema', Object.keys(SCHEMA_V2)],
    ['a schema missing our stores (Dexie would patch it)', ['posts', 'contents']],
  ])('refuses a database from a newer build (%s) and leaves it untouched', async (_, stores) => {
    const name = `newer-${stores.length}`;
    await createRaw(name, KNOWN_IDB_VERSION + 10, stores);
    const before = await inspect(name);
    const older = new ZhihuOfflineDB(name);
    const error = await older.posts.count().then(() => null, (e: unknown) => e);
    expect(openFailureKind(error)).toBe('newer');
    older.close();
    expect(await inspect(name)).toEqual(before);
    expect(before.version).toBe(KNOWN_IDB_VERSION + 10);
    expect(before.post).toEqual({ key: 'answer:1', title: 'written by a newer build', futureField: 42 });
  });

  it('can never delete the database', async () => {
    const d = new ZhihuOfflineDB('undeletable');
    await d.posts.put({ key: 'answer:2' } as never);
    await expect(d.delete()).rejects.toThrow(/refusing to delete/);
    const again = new ZhihuOfflineDB('undeletable');
    expect(await again.posts.count()).toBe(1);
    again.close();
  });

  it('names a failed open, deletes nothing, and opens on the next try once the browser recovers', async () => {
    const deleteSpy = vi.spyOn(IDBFactory.prototype, 'deleteDatabase');
    const staticDelete = vi.spyOn(Dexie, 'delete');
    await db().posts.put({ key: 'answer:3' } as never);
    db().close({ disableAutoOpen: false });
    const open = IDBFactory.prototype.open;
    // What Chromium answers when its LevelDB backing store is damaged (Expensify/App #87862).
    const spy = vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(() => {
      throw new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    });
    const error = await openLibrary().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LibraryUnavailableError);
    expect((error as LibraryUnavailableError).kind).toBe('unavailable');
    expect(spy).toHaveBeenCalled();

    spy.mockImplementation(function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      return open.apply(this, args);
    });
    await openLibrary();
    expect(await db().posts.get('answer:3')).toEqual({ key: 'answer:3' });
    expect(deleteSpy).not.toHaveBeenCalled();
    expect(staticDelete).not.toHaveBeenCalled();
    expect(DB_NAME).toBe('zhihu-offline');
  });

  it('classifies through Dexie wrappers, and leaves other errors alone', () => {
    const native = (name: string): DOMException => new DOMException('x', name);
    expect(openFailureKind(new Dexie.DatabaseClosedError(native('VersionError') as never))).toBe('newer');
    expect(openFailureKind(new Dexie.OpenFailedError(native('QuotaExceededError') as never))).toBe('quota');
    expect(openFailureKind(new Dexie.OpenFailedError(native('UnknownError') as never))).toBe('unavailable');
    expect(openFailureKind(new TypeError('x'))).toBeNull();
    expect(openFailureKind(new Dexie.ConstraintError('x'))).toBeNull();
  });
});
