// The watch (issue #17), in real Chromium with the built extension and the fixture server: 立即检查 of
// 1,000 and of 2,000 saved posts (seeded straight into IndexedDB, e2e/support/seed-posts.ts; answers, articles
// and pins) with the delay at 0. Zhihu answers each item with a real API object of its kind (the answer,
// article and pin captures of test/fixtures/zhihu) carrying the item's id and saved updated_time; 2 % are
// deleted (404) and 2 % folded, so the state writes are exercised; nothing is edited (a re-save is the
// batch bench's cost, not the watch's). Figures:
// - wall time per checked item, beside a raw floor measured in the same profile right after (the same
//   URLs fetched by the worker with the session, one IndexedDB write per item);
// - CPU time per checked item, from /proc over the check: the extension worker's thread, and the whole
//   browser's (every process of the profile: IndexedDB and the network run in the browser process);
// - the worker's JS heap sampled every 250 ms: at the start, the peak, and the peak at 1,000 vs 2,000
//   (flat = the same at twice the posts).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page, Worker } from '@playwright/test';
import { setBatchDelay } from '../../e2e/support/batch';
import { openPopup } from '../../e2e/support/extension-pages';
import { startFixtureServer } from '../../e2e/support/fixture-server';
import { extensionWorker, launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR, REAL_FIXTURES_DIR } from '../../e2e/support/paths';
import { seedPosts } from '../../e2e/support/seed-posts';
import type { Figures, Scenario } from '../types';

const SIZES = [1_000, 2_000] as const;
const MB = 1024 * 1024;
type Obj = Record<string, unknown>;

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(REAL_FIXTURES_DIR, name), 'utf8')) as unknown;
}

/** One real API object per kind. */
function templates(): Record<string, Obj> {
  const feed = fixture('api-moments-follow-feed-items-redacted.json') as { target?: Obj }[];
  const article = feed.map((f) => f.target).find((t) => t?.type === 'article');
  if (!article) throw new Error('no article object in the moments capture');
  return { answer: fixture('api-answer-1936787046304842491.json') as Obj, article, pin: fixture('api-pin-2005983535018820072.json') as Obj };
}

/** The processes of the browser running on `profile` (its main process and every descendant), from /proc. */
function profileProcesses(profile: string): number[] {
  const parents = new Map<number, number>();
  let root = -1;
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(`--user-data-dir=${profile}`) && !cmd.includes('--type=')) root = Number(name);
    } catch {
      // A process that ended while read.
    }
  }
  if (root < 0) throw new Error('browser process not found');
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parents) if (!tree.has(pid) && tree.has(ppid)) grew = tree.add(pid).size > 0;
  }
  return [...tree];
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** User + system CPU seconds of a /proc stat line (a process's or a thread's). */
function cpuOf(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds so far: the whole browser (every process of the profile) and the extension's service worker
 * (its thread, "ServiceWorker thread", in the extension process). IndexedDB and the network run in the
 * browser process, so the whole figure is what the check costs the machine.
 */
function cpuSeconds(profile: string): { browser: number; worker: number } {
  let browser = 0;
  let worker = 0;
  for (const pid of profileProcesses(profile)) {
    browser += cpuOf(`/proc/${pid}/stat`);
    if (!cmdline(pid).includes('--extension-process')) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('ServiceWorker')) worker += cpuOf(`/proc/${pid}/task/${tid}/stat`);
      } catch {
        // A thread that ended while read.
      }
    }
  }
  return { browser, worker };
}

/** Calls CDP methods on the extension's service worker through the page's session. */
async function workerSession(cdp: CDPSession, extensionId: string): Promise<(method: string) => Promise<Record<string, unknown>>> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error('extension worker target not found');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  const pending = new Map<number, (r: Record<string, unknown>) => void>();
  let next = 1;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
    if (reply.id === undefined) return;
    pending.get(reply.id)?.(reply.result ?? {});
    pending.delete(reply.id);
  });
  return (method) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      setTimeout(() => pending.delete(id) && resolve({}), 2_000);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve({}));
    });
}

/** The raw floor, in the worker: the same URLs fetched with the session, one strict IndexedDB write per item. */
async function rawRun(worker: Worker, urls: string[]): Promise<number> {
  return worker.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open(`bench-watch-raw-${list.length}`, 1);
      req.onupgradeneeded = () => req.result.createObjectStore('states', { keyPath: 'url' });
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error ?? new Error('open'));
    });
    const t0 = performance.now();
    for (const url of list) {
      const res = await fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain, */*' } });
      const text = await res.text();
      await new Promise<void>((ok, fail) => {
        const tx = db.transaction('states', 'readwrite', { durability: 'strict' });
        tx.objectStore('states').put({ url, status: res.status, length: text.length });
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error ?? new Error('tx'));
      });
    }
    const ms = performance.now() - t0;
    db.close();
    return ms;
  }, urls);
}

interface Run {
  n: number;
  checkMs: number;
  rawMs: number;
  workerCpuMs: number;
  browserCpuMs: number;
  heapStartMb: number;
  heapPeakMb: number;
  counts: Record<string, number>;
}

async function savedUpdatedAt(page: Page): Promise<Record<string, number | null>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error ?? new Error('open'));
    });
    const rows = await new Promise<{ key: string; meta: { updatedAt: number | null } }[]>((res) => {
      const r = db.transaction('posts').objectStore('posts').getAll();
      r.onsuccess = () => res(r.result as never);
    });
    db.close();
    return Object.fromEntries(rows.map((r) => [r.key, r.meta.updatedAt]));
  });
}

async function runSize(n: number): Promise<Run> {
  const server = await startFixtureServer();
  const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
  try {
    const popup = await openPopup(ext.context, ext.extensionId);
    await setBatchDelay(popup, 0);
    await seedPosts(popup, { count: n, textChars: 1_500 });
    const updated = await savedUpdatedAt(popup);
    const base = templates();
    let i = 0;
    const fate = new Map<string, number>();
    server.watch.fallback = (key) => {
      const at = updated[key];
      const [kind, id] = key.split(':') as [string, string];
      const template = base[kind];
      if (at === undefined || !template) return null;
      const seconds = at === null ? null : at / 1000;
      return { ...template, id, updated_time: seconds, updated: seconds, created_time: seconds, created: seconds };
    };
    // 2 % deleted, 2 % folded: decided per key once, the same for the raw floor's requests.
    for (const key of Object.keys(updated)) fate.set(key, i++ % 50);
    for (const [key, f] of fate) {
      if (f !== 0 && f !== 1) continue;
      const object = server.watch.fallback(key);
      if (object) server.watch.serve(key, object);
      server.watch.change(key, f === 0 ? 'deleted' : 'hidden');
    }
    // A Zhihu page sets the session the API wants, as the user's own browsing does.
    const zhihu = await ext.context.newPage();
    await zhihu.goto('https://www.zhihu.com/question/372203058');
    await zhihu.close();

    const cdp = await ext.context.newCDPSession(popup);
    const call = await workerSession(cdp, ext.extensionId);
    let peak = 0;
    let sampling = true;
    const heapNow = async (): Promise<number> => Number((await call('Runtime.getHeapUsage')).usedSize ?? 0) / MB;
    const heapStartMb = await heapNow();
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heapNow());
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    server.requests.length = 0;
    const cpu0 = cpuSeconds(ext.userDataDir);
    const t0 = Date.now();
    const started = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'watch/check', keys: null }));
    const id = (started as { value?: { id?: string } }).value?.id;
    if (!id) throw new Error(`check did not start: ${JSON.stringify(started)}`);
    const counts = await popup.evaluate(async (runId) => {
      for (;;) {
        const run = await new Promise<{ state: string; counts: Record<string, number> } | undefined>((res, rej) => {
          const req = indexedDB.open('zhihu-offline');
          req.onsuccess = () => {
            const r = req.result.transaction('watchRuns').objectStore('watchRuns').get(runId);
            r.onsuccess = () => {
              req.result.close();
              res(r.result as never);
            };
          };
          req.onerror = () => rej(req.error ?? new Error('open'));
        });
        if (run && run.state !== 'running') return { state: run.state, ...run.counts } as Record<string, number | string>;
        await new Promise((r) => setTimeout(r, 100));
      }
    }, id);
    const checkMs = Date.now() - t0;
    const cpu1 = cpuSeconds(ext.userDataDir);
    sampling = false;
    await sampler;
    if (counts.state !== 'done' || counts.checked !== n) throw new Error(`check ended ${JSON.stringify(counts)}`);
    const urls = server.requests.filter((r) => /^\/api\/v4\/(answers|articles|pins)\//.test(r.path)).map((r) => `https://${r.host}${r.path}`);
    const rawMs = await rawRun(await extensionWorker(ext.context), urls);
    return {
      n,
      checkMs,
      rawMs,
      workerCpuMs: (cpu1.worker - cpu0.worker) * 1_000,
      browserCpuMs: (cpu1.browser - cpu0.browser) * 1_000,
      heapStartMb,
      heapPeakMb: peak,
      counts: Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number')),
    };
  } finally {
    await ext.close();
    await server.close();
  }
}

const scenario: Scenario = {
  name: 'watch',
  async run(): Promise<Figures> {
    const out: Figures = {};
    const runs: Run[] = [];
    for (const n of SIZES) {
      const r = await runSize(n);
      runs.push(r);
      const label = `${n.toLocaleString('en')} posts`;
      console.log(`watch ${label}:`, r.counts);
      out[`watch: ${label}, wall time per checked item (delay 0), beside the raw fetch-and-write floor`] = { value: r.checkMs / n, unit: 'ms', baseline: r.rawMs / n };
      out[`watch: ${label}, extension worker thread CPU per checked item`] = { value: r.workerCpuMs / n, unit: 'ms' };
      out[`watch: ${label}, whole browser CPU per checked item (all its processes)`] = { value: r.browserCpuMs / n, unit: 'ms' };
      out[`watch: ${label}, worker JS heap at the start`] = { value: r.heapStartMb, unit: 'MB' };
      out[`watch: ${label}, worker JS heap, peak during the check`] = { value: r.heapPeakMb, unit: 'MB', goal: 'flat: the same at 2,000 as at 1,000' };
    }
    return out;
  },
};
export default scenario;
