// Issue #4, in real Chromium with the built extension and the fixture server:
// - click → saved for a 20-image answer, beside a raw baseline (the same 20 fetches, 4 at a time,
//   plus one IndexedDB transaction) measured in the same run; goal ≤ 1.5 × the baseline;
// - seeding 10,000 posts through the storage engine's own commit (one transaction per post, as a save does).
import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { extensionUrl } from '../../e2e/support/extension-pages';
import { startFixtureServer, type FixtureServer } from '../../e2e/support/fixture-server';
import { extensionWorker, launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { median } from '../stats';
import type { Figures, Scenario } from '../types';

const RUNS = 5;
const IMAGES = 20;
const imageUrl = (run: string, i: number): string => `https://pic${(i % 4) + 1}.zhimg.com/v2-bench${run}x${i}_1440w.jpg`;

function answerPage(id: string): string {
  const figures = Array.from({ length: IMAGES }, (_, i) => `<figure><img src="${imageUrl(id, i)}" data-rawwidth="64" data-rawheight="48"></figure><p>第 ${i} 段</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>基准 - 知乎</title></head><body>
<div class="QuestionPage"><h1 class="QuestionHeader-title">基准测试问题</h1>
<div class="ContentItem AnswerItem" name="${id}" data-zop='{"authorName":"基准","itemId":"${id}","title":"基准测试问题","type":"answer"}'>
<div class="ContentItem-meta"><div class="AuthorInfo" itemprop="author"><meta itemprop="name" content="基准"></div></div>
<meta itemprop="url" content="https://www.zhihu.com/question/9000/answer/${id}">
<meta itemprop="dateCreated" content="2024-01-02T03:04:05.000Z">
<div class="RichContent"><span class="RichText ztext" itemprop="text">${figures}</span></div></div></div></body></html>`;
}

/**
 * A real (trusted) click, as the save buttons accept no other since issue 19: the page's main world
 * times from the click event to the button saying "saved".
 */
async function clickToSaved(page: Page): Promise<number> {
  await page.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-zo-action="save"]');
    if (!button) throw new Error('no button');
    (window as unknown as { __zoSaved: Promise<number> }).__zoSaved = new Promise<number>((resolve, reject) => {
      let t0 = NaN;
      button.addEventListener('click', () => (t0 = performance.now()), { capture: true, once: true });
      new MutationObserver(() => {
        const s = button.getAttribute('data-zo-state');
        if (s === 'saved') resolve(performance.now() - t0);
        if (s === 'error') reject(new Error(button.textContent ?? 'error'));
      }).observe(button, { attributes: true });
    });
  });
  await page.locator('[data-zo-action="save"]').click();
  return page.evaluate(() => (window as unknown as { __zoSaved: Promise<number> }).__zoSaved);
}

/** The floor: 20 fetches (4 in flight, no Referer) and one transaction, with no extraction, validation or messaging. */
async function rawBaseline(page: Page, urls: string[]): Promise<number> {
  return page.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open('bench-raw', 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('images', { keyPath: 'url' });
        req.result.createObjectStore('posts', { keyPath: 'key' });
      };
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    const t0 = performance.now();
    const blobs: { url: string; blob: Blob }[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < list.length) {
        const url = list[next++] as string;
        const res = await fetch(url, { referrerPolicy: 'no-referrer', credentials: 'omit' });
        blobs.push({ url, blob: await res.blob() });
      }
    }));
    await new Promise<void>((res, rej) => {
      const tx = db.transaction(['images', 'posts'], 'readwrite', { durability: 'strict' }); // as our commits
      for (const b of blobs) tx.objectStore('images').put(b);
      tx.objectStore('posts').put({ key: `raw:${list[0]}`, content: '<p>x</p>'.repeat(2_000) });
      tx.oncomplete = () => res();
      tx.onerror = () => rej(tx.error);
    });
    db.close();
    return performance.now() - t0;
  }, urls);
}

/** The storage engine's commitPost, bundled for evaluation inside an extension page (DevTools evaluation is not subject to the page CSP). */
async function seedBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { commitPost } from './src/storage/commit'; import { toPostRow } from './src/storage/seed-shape';
        (globalThis as any).__zoSeed = async (n: number) => { for (let i = 0; i < n; i++) {
          const id = String(1_000_000 + i);
          const item = { kind: 'answer', id, url: 'https://www.zhihu.com/question/1/answer/' + id, title: '种子问题 ' + i, author: { name: '作者' + (i % 50), url: '', avatar: '', headline: '' },
            question: { id: '1', url: 'https://www.zhihu.com/question/1', title: '种子问题 ' + i }, topics: ['话题'], createdAt: 1.7e12 + i, updatedAt: 1.7e12 + i, voteCount: i, commentCount: 0,
            excerpt: '摘要', contentHtml: '<p data-pid="x">' + '知乎离线正文内容，'.repeat(600) + i + '</p>', images: [], complete: true, incompleteReason: null, sourceUrl: '', contentSource: 'dom' };
          await commitPost(toPostRow(item as any, Date.now(), []), item.contentHtml, null, Date.now()); } };`,
      resolveDir: resolve(import.meta.dirname, '../..'),
      loader: 'ts',
    },
    bundle: true, format: 'iife', write: false, minify: true, target: 'es2022',
  });
  return out.outputFiles[0]?.text ?? '';
}

/** The save phases the worker measured (run-save.ts: zo-save-lookup, -images, -commit) since the last call, cleared. */
async function savePhases(page: Page): Promise<Record<string, number>> {
  const worker = await extensionWorker(page.context());
  return worker.evaluate(() => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('measure')) if (m.name.startsWith('zo-save-')) out[m.name] = m.duration;
    performance.clearMeasures();
    return out;
  });
}

export interface SaveTimes {
  saves: number[];
  raws: number[];
  /** Per save: its phases in the worker, in ms. */
  phases: Record<string, number>[];
}

/** Six saves of fresh answers (ids from `idBase`), each beside a raw baseline; the first of each pair is dropped. */
export async function measureSaves(server: FixtureServer, page: Page, popup: Page, idBase = 700): Promise<SaveTimes> {
  const saves: number[] = [];
  const raws: number[] = [];
  const phases: Record<string, number>[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const id = `${idBase + r}`;
    server.addPage('www.zhihu.com', `/question/9000/answer/${id}`, answerPage(id));
    await page.goto(`https://www.zhihu.com/question/9000/answer/${id}`);
    await page.locator('[data-zo-action="save"]').waitFor();
    await savePhases(page);
    saves.push(await clickToSaved(page));
    phases.push(await savePhases(page));
    raws.push(await rawBaseline(popup, Array.from({ length: IMAGES }, (_, i) => imageUrl(`raw${idBase + r}`, i))));
  }
  // The first of each warms the worker and the DB.
  return { saves: saves.slice(1), raws: raws.slice(1), phases: phases.slice(1) };
}

/** Median of each phase over the saves, for the log. */
export function phaseMedians(phases: readonly Record<string, number>[]): string {
  const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  return names.map((n) => `${n.replace('zo-save-', '')} ${Math.round(median(phases.map((p) => p[n] ?? NaN)))}`).join(', ');
}

const scenario: Scenario = {
  name: 'save',
  async run(): Promise<Figures> {
    const server = await startFixtureServer();
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
    try {
      const page = await ext.context.newPage();
      const popup = await ext.context.newPage();
      await popup.goto(extensionUrl(ext.extensionId, 'src/ui/popup/popup.html'));
      const { saves, raws } = await measureSaves(server, page, popup);
      await popup.evaluate(await seedBundle());
      const seed = await popup.evaluate(async (n) => {
        const t0 = performance.now();
        await (globalThis as unknown as { __zoSeed: (n: number) => Promise<void> }).__zoSeed(n);
        return performance.now() - t0;
      }, 10_000);
      return {
        'save: click → saved, 20-image answer (median of 5)': { value: median(saves), unit: 'ms', baseline: median(raws), goal: '≤ 1.5 × raw baseline' },
        'storage: seed 10,000 posts through commitPost (6 KB text each)': { value: seed, unit: 'ms' },
      };
    } finally {
      await ext.close();
      await server.close();
    }
  },
};
export default scenario;
