// Every record of the library, read with raw IndexedDB from an extension page, reduced to a
// fingerprint per record, so that fault tests can count what a fault lost by comparing two
// snapshots instead of asserting on a number they typed in.
import type { Page } from '@playwright/test';

/** store → JSON of the primary key → fingerprint of the stored value. */
export type LibrarySnapshot = Record<string, Record<string, string>>;

/**
 * What counts as lost, store by store. Contents, image bytes, revisions and the user's tags and
 * notes never change once written, so a different value is damage. A post row legitimately
 * changes (a retry fills in its missing images) and search texts and image references are
 * derived from it, so for those only their disappearance counts. The outbox and counters are
 * working state, not records.
 */
const COMPARE_VALUE = ['contents', 'images', 'revisions', 'annotations'];
const COMPARE_PRESENCE = ['posts', 'texts', 'postImages'];

export async function snapshotLibrary(extensionPage: Page): Promise<LibrarySnapshot> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      // No version: reads whatever is there, at any version, and never upgrades or creates it.
      const req = indexedDB.open('zhihu-offline');
      req.onupgradeneeded = () => req.transaction?.abort();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error ?? new Error('open failed')));
    });
    if (!db) return {};
    const hex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
    const digest = async (bytes: BufferSource): Promise<string> => hex(await crypto.subtle.digest('SHA-256', bytes));
    const fingerprint = async (value: unknown): Promise<string> => {
      // Blob bytes count too: a truncated image is damage even if its row survives.
      const blobs: Blob[] = [];
      const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Blob ? { blob: blobs.push(v) - 1, type: v.type } : v));
      const parts = [text];
      for (const b of blobs) parts.push(await digest(await b.arrayBuffer()));
      return digest(new TextEncoder().encode(parts.join('\n')));
    };
    const out: Record<string, Record<string, string>> = {};
    for (const store of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<{ key: IDBValidKey; value: unknown }[]>((resolve, reject) => {
        const got: { key: IDBValidKey; value: unknown }[] = [];
        const req = db.transaction(store).objectStore(store).openCursor();
        req.onsuccess = () => {
          const c = req.result;
          if (!c) return resolve(got);
          got.push({ key: c.primaryKey, value: c.value });
          c.continue();
        };
        req.onerror = () => reject(req.error ?? new Error('read failed'));
      });
      const records: Record<string, string> = {};
      for (const r of rows) records[JSON.stringify(r.key)] = await fingerprint(r.value);
      out[store] = records;
    }
    db.close();
    return out;
  });
}

/** Records of `before` that are gone from `after`, or (for write-once stores) changed. */
export function recordsLost(before: LibrarySnapshot, after: LibrarySnapshot): number {
  let lost = 0;
  for (const store of [...COMPARE_VALUE, ...COMPARE_PRESENCE]) {
    const was = before[store] ?? {};
    const now = after[store] ?? {};
    for (const [key, print] of Object.entries(was)) {
      if (!(key in now)) lost++;
      else if (COMPARE_VALUE.includes(store) && now[key] !== print) lost++;
    }
  }
  return lost;
}

/** How many library records a snapshot holds (the table shows what was at stake). */
export function recordCount(snapshot: LibrarySnapshot): number {
  return [...COMPARE_VALUE, ...COMPARE_PRESENCE].reduce((n, s) => n + Object.keys(snapshot[s] ?? {}).length, 0);
}
