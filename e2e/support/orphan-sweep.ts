// The daily orphan-image sweep (sweepOrphanImages in src/storage/images.ts), as a test can reach it:
// the worker schedules it as a periodic alarm at install and update, and the only way in from
// outside is that alarm. Also the raw reads a test needs to tell which images are orphans.
import type { Page, Worker } from '@playwright/test';

/** The alarm's name in src/background/index.ts (not exported: the worker is its only user). */
export const SWEEP_ALARM = 'zo-sweep';
const DAY_MINUTES = 24 * 60;

export interface AlarmInfo {
  name: string;
  periodInMinutes?: number;
  scheduledTime: number;
}

/** The sweep's alarm as the worker registered it, or null. */
export function sweepAlarm(worker: Worker): Promise<AlarmInfo | null> {
  return worker.evaluate(async (name) => ((await chrome.alarms.get(name)) as AlarmInfo | undefined) ?? null, SWEEP_ALARM);
}

/**
 * Makes the daily alarm fire now: the same alarm, re-created with `when` = now and the same
 * period, so it fires once at once and keeps its daily schedule. (An unpacked extension's alarms
 * have no 30 s minimum.) The sweep runs in the worker's onAlarm listener, which answers nobody:
 * wait for its effect on the images store.
 */
export async function fireSweepAlarm(worker: Worker): Promise<void> {
  await worker.evaluate(async ({ name, period }) => {
    await chrome.alarms.create(name, { when: Date.now(), periodInMinutes: period });
  }, { name: SWEEP_ALARM, period: DAY_MINUTES });
}

/** URLs of the stored images and of the images some post refers to (postImages), sorted. */
export async function imageUrls(extensionPage: Page): Promise<{ stored: string[]; referenced: string[] }> {
  return readUrls(extensionPage, true) as Promise<{ stored: string[]; referenced: string[] }>;
}

/** URLs of the stored images, sorted; reads the images store alone (postImages may be locked by a waiting write). */
export async function storedImageUrls(extensionPage: Page): Promise<string[]> {
  return (await readUrls(extensionPage, false)).stored;
}

async function readUrls(extensionPage: Page, withRefs: boolean): Promise<{ stored: string[]; referenced?: string[] }> {
  return extensionPage.evaluate(async (withRefs) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(withRefs ? ['images', 'postImages'] : ['images']);
    const result = <T>(req: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const [stored, refs] = await Promise.all([result(tx.objectStore('images').getAllKeys()), withRefs ? result(tx.objectStore('postImages').getAll()) : null]);
    db.close();
    return {
      stored: (stored as string[]).map(String).sort(),
      ...(refs ? { referenced: [...new Set((refs as { url: string }[]).map((r) => r.url))].sort() } : {}),
    };
  }, withRefs);
}
