import { writeFile, stat, access } from 'node:fs/promises';
import { extensionUrl } from '../e2e/support/extension-pages';
import { clearEveryStore } from '../e2e/support/idb';
import { launchWithExtension } from '../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../e2e/support/paths';
import { seedPosts } from '../e2e/support/seed-posts';
import { exportBackupFile, seedImages, MB } from './backup-library';

const FILE = process.env.ZO_BACKUP ?? '/tmp/importstream/backup.zip';
const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
const page = await ext.context.newPage();
await page.goto(extensionUrl(ext.extensionId, 'src/ui/transfer/transfer.html'));
const have = await access(FILE).then(() => true, () => false);
if (!have) {
  await seedPosts(page, { count: Number(process.env.ZO_POSTS ?? 10000), textChars: 6_000 });
  await seedImages(page, 2000);
  await exportBackupFile(page, FILE);
  console.log('exported', (await stat(FILE)).size / MB);
}
if (process.env.ZO_FLOOR) { const { importFloor } = await import('./floors'); console.log('floor', (await importFloor(page, FILE)).toFixed(0), 'ms'); }
await page.evaluate(clearEveryStore);
await page.reload();
await page.waitForSelector('body[data-ready="true"]');
const cdp = await ext.context.newCDPSession(page);
const prof = !!process.env.ZO_PROFILE;
if (prof) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }); await cdp.send('Profiler.start'); }
const t0 = performance.now();
await page.locator('#import-files').setInputFiles(FILE);
await page.waitForFunction(() => {
  const text = document.getElementById('import-status')?.textContent ?? '';
  return text !== '' && !/^(正在|Importing|Storing)/.test(text);
}, null, { timeout: 900_000, polling: 200 });
const ms = performance.now() - t0;
console.log('import', ms.toFixed(0), 'ms', ((await stat(FILE)).size / MB / (ms / 1000)).toFixed(1), 'MB/s', await page.locator('#import-status').textContent());
console.log(await page.evaluate(() => JSON.stringify(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))));
if (prof) {
  const { profile } = await cdp.send('Profiler.stop');
  await writeFile('/tmp/importstream/import.cpuprofile', JSON.stringify(profile));
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  profile.samples!.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0));
  }
  const marks = JSON.parse(await page.evaluate(() => JSON.stringify(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])))) as [string, number][];
  const t0m = marks[0]![1];
  const bounds = marks.map(([n, t]) => [n, (t - t0m) * 1000] as [string, number]);
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const phase = new Map<string, Map<string, number>>();
  let at = 0;
  profile.samples!.forEach((id, i) => {
    at += profile.timeDeltas![i] ?? 0;
    const ph = [...bounds].reverse().find(([, b]) => at - (profile.timeDeltas![0] ?? 0) >= b)?.[0] ?? 'before';
    const f = byNode.get(id)!.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    const m = phase.get(ph) ?? new Map<string, number>();
    m.set(k, (m.get(k) ?? 0) + (profile.timeDeltas![i + 1] ?? 0));
    phase.set(ph, m);
  });
  for (const [ph, m] of phase) {
    const tot = [...m.values()].reduce((a, b) => a + b, 0);
    console.log(`== ${ph}: ${(tot / 1000).toFixed(0)} ms`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log((v / 1000).toFixed(0).padStart(7), 'ms', k);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  if (process.env.ZO_ALL) for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((v / 1000).toFixed(0).padStart(7), 'ms', ((100 * v) / total).toFixed(1).padStart(5), '%', k);
}
await ext.close();
