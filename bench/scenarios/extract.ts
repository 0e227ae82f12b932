// Extraction of the largest real fixture page, in Node with jsdom (the pure layer; #3 budget ≤ 20 ms).
import { JSDOM } from 'jsdom';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractAll } from '../../src/extract';
import type { Figures, Scenario } from '../types';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/real');

const scenario: Scenario = {
  name: 'extract',
  async run(): Promise<Figures> {
    const largest = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.html'))
      .map((f) => ({ f, size: statSync(resolve(FIXTURES, f)).size }))
      .sort((a, b) => b.size - a.size)[0];
    if (!largest) throw new Error('no fixtures');
    const doc = new JSDOM(readFileSync(resolve(FIXTURES, largest.f), 'utf8'), { url: 'https://www.zhihu.com/question/478590766' }).window.document;
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      extractAll(doc, 'https://www.zhihu.com/question/478590766');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { [`extract largest fixture (${largest.f}, jsdom, median)`]: { value: times[7] ?? 0, unit: 'ms', goal: '≤ 20 ms' } };
  },
};
export default scenario;
