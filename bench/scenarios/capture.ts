// Issue #3 budgets, in real Chromium against the fixture server: extraction of the largest real page
// (≤ 20 ms), the content script's main-thread work at page load (≤ 5 ms), its size (≤ 30 KB minified).
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFixtureServer } from '../../e2e/support/fixture-server';
import { chromiumArgs, launchWithExtension } from '../../e2e/support/launch';
import { chromiumPath } from '../../scripts/system-tools';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { median } from '../stats';
import type { Figures, Scenario } from '../types';

const LARGEST = 'https://www.zhihu.com/question/478590766'; // 622 KB, 5 long answers

/** The pure extraction layer as one script, exposed on window for the benchmark page. */
async function extractionBundle(): Promise<string> {
  const out = await build({
    stdin: { contents: "import { extractAll } from './src/extract'; (globalThis as any).__zoExtractAll = extractAll;", resolveDir: resolve(import.meta.dirname, '../..'), loader: 'ts' },
    bundle: true, format: 'iife', write: false, minify: true, target: 'es2022',
  });
  return out.outputFiles[0]?.text ?? '';
}

async function extractionTimes(hostRules: string): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs({ server: { hostResolverRules: hostRules } }) });
  try {
    const page = await browser.newPage();
    await page.goto(LARGEST);
    await page.addScriptTag({ content: await extractionBundle() });
    return await page.evaluate(() => {
      const run = (globalThis as unknown as { __zoExtractAll: (d: Document, u: string) => unknown[] }).__zoExtractAll;
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        if (run(document, location.href).length !== 5) throw new Error('expected 5 answers');
        times.push(performance.now() - t0);
      }
      return times;
    });
  } finally {
    await browser.close();
  }
}

const scenario: Scenario = {
  name: 'capture',
  async run(): Promise<Figures> {
    const server = await startFixtureServer();
    try {
      const extract = await extractionTimes(server.hostResolverRules);
      const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
      const init: number[] = [];
      const placed: number[] = [];
      try {
        for (let i = 0; i < 7; i++) {
          const page = await ext.context.newPage();
          await page.goto(LARGEST);
          await page.locator('[data-zo-action="save"]').first().waitFor();
          const [a, b] = await page.evaluate(() => ['zhihu-offline:init', 'zhihu-offline:placed'].map((n) => performance.getEntriesByName(n)[0]?.duration ?? NaN));
          init.push(a ?? NaN);
          placed.push(b ?? NaN);
          await page.close();
        }
      } finally {
        await ext.close();
      }
      const size = statSync(resolve(DEFAULT_DIST_DIR, 'src/content/index.js')).size / 1024;
      return {
        'extract largest fixture page (question-478590766, Chromium, median of 15)': { value: median(extract.slice(1)), unit: 'ms', goal: '≤ 20 ms' },
        'content script main-thread work at page load, synchronous (median of 7)': { value: median(init), unit: 'ms', goal: '≤ 5 ms' },
        'content script deferred work at first idle: buttons, listeners, badges (median of 7)': { value: median(placed), unit: 'ms' },
        'content script size (minified)': { value: size, unit: 'KB', goal: '≤ 30 KB' },
      };
    } finally {
      await server.close();
    }
  },
};
export default scenario;
