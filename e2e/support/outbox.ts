// Raw reads and writes of the outbox from an extension page, for fault tests.
import type { Page } from '@playwright/test';

export interface OutboxJob {
  id: string;
  kind: string;
  pending: string[];
  nextAttemptAt: number;
}

export async function readOutbox(extensionPage: Page): Promise<OutboxJob[]> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      if (!db.objectStoreNames.contains('outbox')) return [];
      return await new Promise<OutboxJob[]>((resolve, reject) => {
        const req = db.transaction('outbox').objectStore('outbox').getAll();
        req.onsuccess = () => resolve(req.result as OutboxJob[]);
        req.onerror = () => reject(req.error);
      });
    } finally {
      db.close();
    }
  });
}

/** Makes every outbox job due now (instead of waiting out the backoff). */
export async function makeJobsDue(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('outbox', 'readwrite');
      const store = tx.objectStore('outbox');
      const req = store.getAll();
      req.onsuccess = () => {
        for (const job of req.result as { nextAttemptAt: number }[]) store.put({ ...job, nextAttemptAt: 0 });
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
}
