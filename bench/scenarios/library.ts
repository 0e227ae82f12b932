// Issue #5 budgets at 10,000 posts, in real Chromium with the built extension:
// popup first render ≤ 100 ms, a Chinese query ≤ 50 ms. Posts carry 6k characters of real
// Zhihu text each (cut from the captured fixtures, bench/corpus.ts), as in docs/performance-notes.md §1.
// Pages record User Timing marks (zo-popup-first-rows, zo-library-first-rows: time from
// navigation start to the first frame with rows; zo-search: the filter over the in-memory
// texts); the bench also times a whole keystroke (input → rows in the DOM). The popup is
// opened as the real toolbar popup (chrome.action.openPopup), as a user opens it.
import type { Page } from '@playwright/test';
import { extensionUrl } from '../../e2e/support/extension-pages';
import { launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { seedPosts } from '../../e2e/support/seed-posts';
import { openPopupAndMeasure } from '../popup-window';
import { realCorpus } from '../corpus';
import { median } from '../stats';
import type { Figures, Scenario } from '../types';

const N = 10_000;
const QUERIES = ['量子纠缠', '经济', '孩子的教育', '历史 文化', '不存在的词语组合', '知乎', '的'];
const POPUP = 'src/ui/popup/popup.html';
const LIBRARY = 'src/ui/library/library.html';


async function markTime(page: Page, name: string): Promise<number> {
  return page.evaluate(async (n) => {
    for (let i = 0; i < 200; i++) {
      const m = performance.getEntriesByName(n)[0];
      if (m) return m.startTime;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no mark ${n}`);
  }, name);
}

const scenario: Scenario = {
  name: 'library',
  async run(): Promise<Figures> {
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
    try {
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext.extensionId, POPUP));
      await page.waitForSelector('#status:not([hidden])');
      const cdp = await ext.context.browser()!.newBrowserCDPSession();
      // The real toolbar popup (bench/popup-window.ts), empty library first as the baseline.
      const popupOpen = async (): Promise<{ rows: number; script: number }> => {
        const m = await openPopupAndMeasure(ext.context, cdp, ['zo-popup-first-rows', 'zo-popup-script']);
        return { rows: m[0] ?? NaN, script: m[1] ?? NaN };
      };
      const empty: number[] = [];
      for (let i = 0; i < 5; i++) empty.push((await popupOpen()).rows);
      const t0 = performance.now();
      await seedPosts(page, { count: N, textChars: 6_000, corpus: realCorpus() });
      const seedMs = performance.now() - t0;
      // Let the browser finish flushing ~200 MB of fresh writes (LevelDB compaction competes for the
      // 2 cores); a user never opens the popup in the second after importing 10k posts.
      await page.waitForTimeout(5_000);

      const popupTimes: number[] = [];
      const ownWork: number[] = [];
      for (let i = 0; i < 7; i++) {
        const m = await popupOpen();
        popupTimes.push(m.rows);
        ownWork.push(m.rows - m.script);
      }
      // The same page opened as a tab by Playwright (instrumented, so slower): the earlier figure.
      const tabTimes: number[] = [];
      for (let i = 0; i < 4; i++) {
        await page.goto(extensionUrl(ext.extensionId, POPUP));
        tabTimes.push(await markTime(page, 'zo-popup-first-rows'));
      }
      const libTimes: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.goto(extensionUrl(ext.extensionId, LIBRARY));
        libTimes.push(await markTime(page, 'zo-library-first-rows'));
      }
      const loadStart = Date.now();
      await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true', null, { timeout: 120_000, polling: 100 });
      const indexMs = Date.now() - loadStart + (libTimes.at(-1) ?? 0);

      const filter: number[] = [];
      const keystroke: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const q of QUERIES) {
          const r = await page.evaluate((query) => {
            performance.clearMeasures('zo-search');
            const input = document.getElementById('search') as HTMLInputElement;
            input.value = query;
            const s = performance.now();
            input.dispatchEvent(new Event('input'));
            const total = performance.now() - s;
            return { total, filter: performance.getEntriesByName('zo-search')[0]?.duration ?? NaN, count: document.getElementById('count')?.textContent };
          }, q);
          filter.push(r.filter);
          keystroke.push(r.total);
        }
      }
      console.log('  query times (ms):', filter.map((x) => Math.round(x)).join(' '));
      // Typing a query that matches nothing, one character at a time: each keystroke after the
      // first scans only the previous hits (text-index.ts).
      await page.evaluate(() => ((document.getElementById('search') as HTMLInputElement).value = ''));
      const typed: number[] = [];
      const word = '不存在的词语组合';
      for (let i = 1; i <= word.length; i++) {
        typed.push(await page.evaluate((q) => {
          const input = document.getElementById('search') as HTMLInputElement;
          input.value = q;
          const s = performance.now();
          input.dispatchEvent(new Event('input'));
          return performance.now() - s;
        }, word.slice(0, i)));
      }
      console.log('  typing 不存在的词语组合 (ms per keystroke):', typed.map((x) => Math.round(x)).join(' '));
      return {
        'library: seed 10k posts (6k chars each, raw IDB chunks of 1000)': { value: seedMs, unit: 'ms' },
        'popup: first render at 10k, real toolbar popup, open → first frame with rows (median of 6; baseline: empty library)': { value: median(popupTimes.slice(1)), unit: 'ms', baseline: median(empty.slice(1)), goal: '≤ 100 ms' },
        'popup: DB read + render of 20 rows at 10k (script start → first frame, median)': { value: median(ownWork.slice(1)), unit: 'ms' },
        'popup: first render at 10k (first open)': { value: popupTimes[0] ?? NaN, unit: 'ms' },
        'popup: first render at 10k, opened as a tab by Playwright (median of 3)': { value: median(tabTimes.slice(1)), unit: 'ms' },
        'library: first rows at 10k (median of 3)': { value: median(libTimes), unit: 'ms' },
        'library: search texts + rows loaded in background at 10k': { value: indexMs, unit: 'ms' },
        'search: query over 10k texts (median)': { value: median(filter), unit: 'ms', goal: '≤ 50 ms' },
        'search: query over 10k texts (max)': { value: Math.max(...filter), unit: 'ms', goal: '≤ 50 ms' },
        'search: whole keystroke incl. list render (median)': { value: median(keystroke), unit: 'ms' },
        'search: whole keystroke incl. list render (max)': { value: Math.max(...keystroke), unit: 'ms' },
        'search: typing a query found nowhere, slowest keystroke': { value: Math.max(...typed), unit: 'ms', goal: '≤ 50 ms' },
      };
    } finally {
      await ext.close();
    }
  },
};
export default scenario;
