// Seeds images straight into the extension's IndexedDB (raw writes, as seed-posts.ts seeds posts): each
// image given to one post of those already seeded, in key order, with its postImages row. Used by the bench
// (bench/backup-library.ts) and the sync e2e tests.
import type { Page } from '@playwright/test';

/** `count` incompressible "PNGs" of `size` bytes, one per post of the first `count`, written 20 per transaction. */
export async function seedImages(page: Page, count: number, size = 100 * 1024): Promise<void> {
  await page.evaluate(async ({ count, size }) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('zhihu-offline');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const done = (tx: IDBTransaction): Promise<void> => new Promise((res, rej) => {
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    const urls: string[] = [];
    for (let i = 0; i < count; i += 20) {
      const tx = db.transaction('images', 'readwrite');
      for (let j = i; j < Math.min(count, i + 20); j++) {
        const bytes = new Uint8Array(size);
        // getRandomValues fills at most 64 KiB per call.
        for (let k = 0; k < size; k += 65536) crypto.getRandomValues(bytes.subarray(k, Math.min(size, k + 65536)));
        bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        const url = `https://pic1.zhimg.com/v2-bench${j}_720w.png`;
        urls.push(url);
        tx.objectStore('images').put({ url, blob: new Blob([bytes], { type: 'image/png' }), type: 'image/png', size, storedAt: 1 });
      }
      await done(tx);
      await new Promise((r) => setTimeout(r, 0)); // let GC run between Blob batches (docs/performance-notes.md §2.4)
    }
    const tx = db.transaction(['posts', 'postImages'], 'readwrite');
    const cursor = tx.objectStore('posts').openCursor();
    let n = 0;
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || n >= urls.length) return;
      const post = c.value as { key: string; meta: { images: string[] } };
      const url = urls[n++]!;
      c.update({ ...post, meta: { ...post.meta, images: [url] } });
      tx.objectStore('postImages').put({ key: post.key, url });
      c.continue();
    };
    await done(tx);
    db.close();
  }, { count, size });
}
