// Reads the extension's IndexedDB from one of its own pages, with the raw API (not our code).
import type { Page } from '@playwright/test';
import type { CommentThread } from '../../src/storage/types';

export interface StoredImage {
  url: string;
  size: number;
  type: string;
  isBlob: boolean;
}

export interface StoredDump {
  posts: Record<string, unknown>[];
  contents: { key: string; content: string }[];
  images: StoredImage[];
}

export async function dumpDatabase(extensionPage: Page): Promise<StoredDump> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    const posts = await all<Record<string, unknown>>('posts');
    const contents = await all<{ key: string; content: string }>('contents');
    const rawImages = await all<{ url: string; blob: unknown }>('images');
    db.close();
    const images = rawImages.map((r) => ({
      url: r.url,
      isBlob: r.blob instanceof Blob,
      size: r.blob instanceof Blob ? r.blob.size : -1,
      type: r.blob instanceof Blob ? r.blob.type : '',
    }));
    return { posts, contents, images };
  });
}

/**
 * Writes a post's stored HTML straight into IndexedDB, past capture's cleaning, as a hostile
 * import file could: the reader must not trust storage either.
 */
export async function putRawContent(extensionPage: Page, key: string, content: string): Promise<void> {
  await extensionPage.evaluate(
    async ({ key, content }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('contents', 'readwrite');
        tx.objectStore('contents').put({ key, content });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { key, content },
  );
}

/**
 * Writes a post's comments straight into IndexedDB (issue #17): the set and one row per comment, in
 * thread order, as a save or an import would, but with whatever HTML and names the test gives.
 */
export async function putRawComments(extensionPage: Page, key: string, thread: CommentThread): Promise<void> {
  await extensionPage.evaluate(
    async ({ key, thread }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('zhihu-offline');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['comments', 'commentSets'], 'readwrite');
        const { items, ...set } = thread;
        tx.objectStore('commentSets').put({ ...set, key });
        items.forEach((c, seq) => tx.objectStore('comments').put({ ...c, key, seq }));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { key, thread },
  );
}

/**
 * A compact fingerprint of every store (record count and SHA-256 of its records in key order,
 * a Blob standing as its size and type), computed in the page: it tells "the library did not
 * change" without moving tens of megabytes over CDP as dumpDatabase would.
 */
export async function digestDatabase(extensionPage: Page): Promise<Record<string, { count: number; sha256: string }>> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const out: Record<string, { count: number; sha256: string }> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result as unknown[]);
        req.onerror = () => reject(req.error);
      });
      const json = JSON.stringify(records, (_key, value: unknown) => (value instanceof Blob ? { blob: value.size, type: value.type } : value));
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(json));
      out[name] = { count: records.length, sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('') };
    }
    db.close();
    return out;
  });
}

/**
 * Empties every store of the library, as a reinstall would. Runs inside an extension page: pass it
 * to the page's `evaluate` (Playwright or puppeteer). No named inner functions: tsx would wrap them
 * in a helper that does not exist in the page.
 */
export async function clearEveryStore(): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open('zhihu-offline');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const names = Array.from(db.objectStoreNames);
  const tx = db.transaction(names, 'readwrite');
  for (const name of names) tx.objectStore(name).clear();
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
