// Helpers of the batch-save specs (issue #14): the delay setting, the batch rows, the list requests.
import type { Page } from '@playwright/test';
import type { FixtureServer, RequestLogEntry } from './fixture-server';

/** Tests run the scheduler fast; the default (1 s + jitter) is for Zhihu. */
export async function setBatchDelay(extensionPage: Page, ms: number): Promise<void> {
  await extensionPage.evaluate(async (delay) => {
    const { settings } = (await chrome.storage.local.get('settings')) as { settings?: Record<string, unknown> };
    await chrome.storage.local.set({ settings: { ...(settings ?? {}), batchDelayMs: delay } });
  }, ms);
}

export interface BatchDump {
  batches: { id: string; state: string; reason: string | null; detail: string | null; next: string | null; pagesFetched: number; counts: Record<string, number>; tag: string | null }[];
  items: { batchId: string; seq: number; key: string; state: string; reason: string | null }[];
}

export async function readBatches(extensionPage: Page): Promise<BatchDump> {
  return extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        if (!db.objectStoreNames.contains(store)) return resolve([]);
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error ?? new Error('read failed'));
      });
    const out = { batches: await all<BatchDump['batches'][number]>('batches'), items: await all<BatchDump['items'][number]>('batchItems') };
    db.close();
    return out;
  });
}

/** The list API requests (question feeds, 收藏夹 items) the server answered, in order. */
export function listRequests(server: FixtureServer): RequestLogEntry[] {
  return server.requests.filter((r) => /^\/api\/v4\/(questions\/\d+\/feeds|collections\/\d+\/items|columns\/[\w-]+\/items|members\/[\w-]+\/(answers|articles|pins))/.test(r.path));
}

/** List requests answered with a list page (200 JSON; the anti-bot page is a 200 too, but HTML). */
export function pagesServed(server: FixtureServer): RequestLogEntry[] {
  return listRequests(server).filter((r) => r.status === 200 && r.type.includes('json'));
}

/** Every list URL answered with its page at most once: nothing fetched twice. */
export function fetchedTwice(server: FixtureServer): string[] {
  const ok = pagesServed(server).map((r) => decodeURIComponent(r.path));
  return ok.filter((p, i) => ok.indexOf(p) !== i);
}

/** key → tags, from the annotations store. */
export async function annotations(extensionPage: Page): Promise<Map<string, string[]>> {
  const rows = await extensionPage.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const out = await new Promise<{ key: string; tags: string[] }[]>((resolve, reject) => {
      const req = db.transaction('annotations').objectStore('annotations').getAll();
      req.onsuccess = () => resolve(req.result as { key: string; tags: string[] }[]);
      req.onerror = () => reject(req.error ?? new Error('read failed'));
    });
    db.close();
    return out;
  });
  return new Map(rows.map((r) => [r.key, r.tags]));
}
