// `npm run bench`: every scenario in real Chromium (or Node for pure parts), one table, bench/results.json.
// Timing goals live here, not in tests. Run a subset with: npm run bench -- <name-substring>
import { readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Figures, Scenario } from './types';

const dir = resolve(import.meta.dirname, 'scenarios');
const filter = process.argv[2] ?? '';
const results: Figures = {};

for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = (await import(resolve(dir, file))) as { default: Scenario };
  if (filter && !mod.default.name.includes(filter)) continue;
  console.log(`▶ ${mod.default.name}`);
  Object.assign(results, await mod.default.run());
}

const rows = Object.entries(results).map(([name, f]) => ({
  figure: name,
  value: `${round(f.value)} ${f.unit}`,
  baseline: f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit} (×${round(f.value / f.baseline)})`,
  goal: f.goal ?? '',
}));
console.table(rows);
await writeFile(resolve(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results.json');

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
