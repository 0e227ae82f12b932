// Helpers of the watch specs (issue #17): a saved set of real answers whose URLs the fixture server
// serves, the library's 知乎上的变化 panel, and the watch's rows read with raw IndexedDB.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { setBatchDelay } from './batch';
import { extensionUrl } from './extension-pages';
import type { FixtureServer } from './fixture-server';
import { PEOPLE_TOKEN } from './batch-routes';

export const LIBRARY = 'src/ui/library/library.html';

/**
 * A person's 12 real answers (api-question-feeds-459980152.json, served as deephub's list), saved by one
 * 保存全部 click, each then served again at its own single-item URL. The Zhihu tab stays open: an edited
 * answer is read by its content script (Chromium's worker has no DOM parser), as a batch's are.
 */
export async function saveAnswersToWatch(context: BrowserContext, server: FixtureServer, extensionPage: Page): Promise<{ zhihu: Page; keys: string[] }> {
  await setBatchDelay(extensionPage, 20);
  server.addPage('www.zhihu.com', `/people/${PEOPLE_TOKEN}/answers`, `<!doctype html><html><head><meta charset="utf-8"><title>deephub 的回答 - 知乎</title></head><body><main><h1>deephub</h1></main></body></html>`);
  const zhihu = await context.newPage();
  await zhihu.goto(`https://www.zhihu.com/people/${PEOPLE_TOKEN}/answers`);
  const button = zhihu.locator('[data-zo-action="save-all"]');
  await button.click();
  await expect(button).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });
  const keys = [...server.batch.peopleKeys];
  for (const k of keys) {
    const object = server.batch.objectOf(k);
    if (!object) throw new Error(`no object for ${k}`);
    server.watch.serve(k, object);
  }
  return { zhihu, keys };
}

export async function openLibrary(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionUrl(extensionId, LIBRARY));
  await expect(page.locator('html[data-loaded="true"]')).toHaveCount(1);
  return page;
}

/** The panel's state (`running`, `paused`, `done`…), as its data-zo-state says. */
export function watchPanel(library: Page): ReturnType<Page['locator']> {
  return library.locator('#watch');
}

export interface WatchDump {
  runs: { id: string; state: string; reason: string | null; detail: string | null; total: number; counts: Record<string, number> }[];
  states: { key: string; state: string; since: number; checkedAt: number; questionDeleted?: boolean }[];
}

export async function readWatch(extensionPage: Page): Promise<WatchDump> {
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
    const out = { runs: await all<WatchDump['runs'][number]>('watchRuns'), states: await all<WatchDump['states'][number]>('zhihuStates') };
    db.close();
    return out;
  });
}

/** The Zhihu state of each key, from IndexedDB. */
export async function statesByKey(extensionPage: Page): Promise<Map<string, string>> {
  return new Map((await readWatch(extensionPage)).states.map((s) => [s.key, s.state]));
}

/** The single-item requests the server answered with the item (JSON 200 or the 404 of a deleted one), per key. */
export function answeredPerKey(server: FixtureServer): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of server.requests) {
    const m = /^\/api\/v4\/(answers|articles|pins)\/(\d+)/.exec(r.path);
    if (!m || !(r.status === 404 || (r.status === 200 && r.type.includes('json')))) continue;
    const key = `${m[1] === 'answers' ? 'answer' : m[1] === 'articles' ? 'article' : 'pin'}:${m[2] ?? ''}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
