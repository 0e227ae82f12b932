/**
 * The popup's and library's first paint, read with raw IndexedDB instead of Dexie (issue #5).
 * Why: the popup must render in ≤ 100 ms at 10k posts, and docs/performance-notes.md §3 puts ~75 ms of that
 * in loading the page and its script; Dexie is most of that script. These reads use the v2
 * schema Dexie created (same store and index names) and never create or upgrade anything:
 * if the database does not exist yet, they report "empty" and leave creation to Dexie.
 */
import { KNOWN_IDB_VERSION, LibraryUnavailableError } from './open-failure';
import type { PostKey, PostRow } from './types';
import type { ZhihuState } from './watch-types';

/** Must equal DB_NAME in db.ts, which is not imported because it pulls in Dexie (test/library-raw.test.ts). */
export const RAW_DB_NAME = 'zhihu-offline';

let opening: Promise<IDBDatabase | null> | null = null;

/**
 * The database, or null when it has never been created (nothing saved yet). Rejects with a
 * LibraryUnavailableError the pages can explain when a newer build wrote it (R11) or the browser
 * cannot open it (R13); a failed open is not cached, so the page's retry opens afresh.
 */
function open(): Promise<IDBDatabase | null> {
  opening ??= openChecked().catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

async function openChecked(): Promise<IDBDatabase | null> {
  let db = await openRaw();
  if (db && db.version < KNOWN_IDB_VERSION) {
    // An older schema still waits for its upgrade (normally the worker did it at start). Let Dexie
    // run it, or say why it cannot, rather than show an old-shaped library as empty.
    db.close();
    const { openLibrary } = await import('./db');
    await openLibrary();
    db = await openRaw();
  }
  if (db && db.version > KNOWN_IDB_VERSION) {
    db.close();
    throw new LibraryUnavailableError('newer', new DOMException(`database version ${db.version} > ${KNOWN_IDB_VERSION}`, 'VersionError'));
  }
  return db;
}

function openRaw(): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(RAW_DB_NAME);
    // No version asked: an upgrade here means the database did not exist. Abort, create nothing.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // Step aside when Dexie (another page, or a newer schema) needs to upgrade.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error));
    req.onblocked = () => resolve(null);
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The newest `limit` posts by save time and the stored counter, in one read transaction. */
export async function firstScreen(limit: number): Promise<{ rows: PostRow[]; total: number }> {
  const db = await open();
  if (!db || !db.objectStoreNames.contains('counters')) return { rows: [], total: 0 };
  const tx = db.transaction(['posts', 'counters'], 'readonly');
  const counter = done(tx.objectStore('counters').get('posts')) as Promise<{ value: number } | undefined>;
  const rows = await newest(tx.objectStore('posts').index('meta.savedAt'), limit);
  return { rows, total: (await counter)?.value ?? rows.length };
}

/** IndexedDB 3's getAllRecords (Chromium 141+): typed here until TypeScript's DOM library has it. */
interface RecordsIndex {
  getAllRecords(options: { count: number; direction: IDBCursorDirection }): IDBRequest<{ value: unknown }[]>;
}

/**
 * The last `limit` values of an index. getAllRecords reads them in one request; a cursor takes a
 * round trip per row (bench at 10k: 15–48 ms for 20 rows, against 1–10 ms). Firefox gets the cursor.
 */
async function newest(index: IDBIndex, limit: number): Promise<PostRow[]> {
  if ('getAllRecords' in index) {
    const records = await done((index as IDBIndex & RecordsIndex).getAllRecords({ count: limit, direction: 'prev' }));
    return records.map((r) => r.value as PostRow);
  }
  const rows: PostRow[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = index.openCursor(null, 'prev');
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor || rows.length >= limit) return resolve();
      rows.push(cursor.value as PostRow);
      cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
  return rows;
}

export type SortField = 'savedAt' | 'createdAt' | 'voteCount';

/**
 * The keys of the `count` newest posts, newest first: the start of orderedKeys('savedAt') in one
 * short request (IndexedDB 3's direction option, Chromium 141+), so a query typed at once searches
 * them while the whole order (250–300 ms at 50k) is read. Null where the option is missing.
 */
export async function newestKeys(count: number): Promise<PostKey[] | null> {
  const db = await open();
  if (!db || !db.objectStoreNames.contains('posts')) return [];
  const index = db.transaction('posts', 'readonly').objectStore('posts').index('meta.savedAt');
  if (!('getAllRecords' in index)) return null;
  // The options overload is IndexedDB 3's, not yet in TypeScript's DOM library (as getAllRecords above).
  const byOptions = index as unknown as { getAllKeys(options: { count: number; direction: IDBCursorDirection }): IDBRequest<IDBValidKey[]> };
  return (await done(byOptions.getAllKeys({ count, direction: 'prev' }))) as PostKey[];
}

/**
 * Every key, newest (or most voted) first. getAllKeys (one call) reversed beats a reverse key
 * cursor over 10k. A null createdAt/voteCount is not indexed: those posts go last, newest saved first.
 */
export async function orderedKeys(field: SortField): Promise<PostKey[]> {
  const db = await open();
  if (!db || !db.objectStoreNames.contains('posts')) return [];
  const keys = (await done(db.transaction('posts', 'readonly').objectStore('posts').index(`meta.${field}`).getAllKeys())) as PostKey[];
  keys.reverse();
  if (field === 'savedAt') return keys;
  const seen = new Set(keys);
  return keys.concat((await orderedKeys('savedAt')).filter((k) => !seen.has(k)));
}

/**
 * What the watch last saw on Zhihu for these posts (issue #17): the popup marks them. One read transaction;
 * nothing before schema v7 has the store, and a post never checked has no row.
 */
export async function zhihuStatesOf(keys: readonly PostKey[]): Promise<Map<PostKey, ZhihuState>> {
  const out = new Map<PostKey, ZhihuState>();
  const db = await open();
  if (!db || !keys.length || !db.objectStoreNames.contains('zhihuStates')) return out;
  const store = db.transaction('zhihuStates', 'readonly').objectStore('zhihuStates');
  const rows = await Promise.all(keys.map((k) => done(store.get(k)) as Promise<{ key: PostKey; state: ZhihuState } | undefined>));
  for (const r of rows) if (r) out.set(r.key, r.state);
  return out;
}

/**
 * The rows of `keys` that exist, in one read transaction: the rows coming into view, without waiting
 * for Dexie to load (it cost the first query after opening ~350 ms at 50k, issue #18).
 */
export async function rowsOf(keys: readonly PostKey[]): Promise<PostRow[]> {
  const db = await open();
  if (!db || !keys.length) return [];
  const store = db.transaction('posts', 'readonly').objectStore('posts');
  const rows = await Promise.all(keys.map((k) => done(store.get(k)) as Promise<PostRow | undefined>));
  return rows.filter((r): r is PostRow => r !== undefined);
}

/**
 * The search texts of `keys`, in order (undefined where a post has gone), in one read transaction:
 * how a query's candidates are checked exactly (src/search/search-run.ts) without holding every text.
 */
export async function searchTexts(keys: readonly string[]): Promise<(string | undefined)[]> {
  const db = await open();
  if (!db || !keys.length) return keys.map(() => undefined);
  const store = db.transaction('texts', 'readonly').objectStore('texts');
  const rows = await Promise.all(keys.map((k) => done(store.get(k)) as Promise<{ text: string } | undefined>));
  return rows.map((r) => r?.text);
}

/** Image blobs by URL, for thumbnails. */
export async function imageBlobs(urls: readonly string[]): Promise<Map<string, Blob>> {
  const out = new Map<string, Blob>();
  const db = await open();
  if (!db || !urls.length) return out;
  const store = db.transaction('images', 'readonly').objectStore('images');
  const rows = await Promise.all(urls.map((u) => done(store.get(u)) as Promise<{ blob: Blob } | undefined>));
  rows.forEach((r, i) => {
    const u = urls[i];
    if (r && u) out.set(u, r.blob);
  });
  return out;
}
