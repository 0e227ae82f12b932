// Reads the add-on's IndexedDB from one of its own pages with the raw API (not our code),
// like e2e/support/idb.ts does for Chromium through Playwright.
import type { Page } from 'puppeteer-core';
import type { StoredDump } from '../support/idb';

export function dumpDatabase(extensionPage: Page): Promise<StoredDump> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    // No named inner functions: tsx (esbuild keepNames) would wrap them in a __name() helper
    // that does not exist in the page.
    const stores: Record<string, unknown[]> = {};
    for (const store of ['posts', 'contents', 'images']) {
      stores[store] = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    const posts = stores.posts as Record<string, unknown>[];
    const contents = stores.contents as { key: string; content: string }[];
    const rawImages = stores.images as { url: string; blob: unknown }[];
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
