// Issue #6 budget: exporting 10,000 posts + 2,000 images streams, with ≤ 300 MB peak memory and
// ≥ 50 MB/s (measured here, never asserted; the median of 3 runs, the slowest shown beside it).
// Issue #15: MB/s differs twofold between machines, so each export is also a ratio to its floor,
// measured in the same rounds (bench/floors.ts: every row and blob read once, the same number of
// bytes written to the same sink, download or picked file); goal ≤ 2×. The import of this backup is
// the import scenario (bench/scenarios/import.ts).
// Real Chromium, the built extension, the real 导出与导入 page and a real download (and, for Hexo,
// a file picked through the save picker). Memory is the page's JS heap (CDP Performance.getMetrics,
// JSHeapUsedSize) plus its ZIP worker's (Runtime.getHeapUsage), summed and sampled every 100 ms
// during the export; throughput is ZIP bytes / export time between the page's zo-export-start and
// zo-export-end marks; planning ends at zo-export-planned.
import type { CDPSession, Page } from '@playwright/test';
import { extensionUrl } from '../../e2e/support/extension-pages';
import { launchWithExtension } from '../../e2e/support/launch';
import { installOpfsPickers } from '../../e2e/support/opfs-pickers';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import { seedPosts } from '../../e2e/support/seed-posts';
import { heapSampler, MB, seedImages } from '../backup-library';
import { exportFloor } from '../floors';
import { median } from '../stats';
import type { Figures, Scenario } from '../types';
import { watchWorkerHeaps } from '../worker-heaps';

const POSTS = 10_000;
const IMAGES = 2_000;
const TRANSFER = 'src/ui/transfer/transfer.html';
const ROUNDS = 3;

/** Removes what a picker export wrote (support/opfs-pickers.ts puts it at the OPFS root). */
async function clearOpfs(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys: () => AsyncIterable<string> }).keys()) await root.removeEntry(name);
  });
}

async function exportOnce(page: Page, cdp: CDPSession, format: string, images: 'remote' | 'bundled', dest: 'download' | 'picker' = 'download'): Promise<{ ms: number; planMs: number; mb: number; peakMb: number; workerPeakMb: number; baseMb: number }> {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator(`input[name="format"][value="${format}"]`).check();
  await page.locator(`input[name="dest"][value="${dest}"]`).check();
  if (await page.locator('#image-options').isVisible()) await page.locator(`input[name="images"][value="${images}"]`).check();
  await cdp.send('Performance.enable'); // getMetrics answers 0 until then
  await cdp.send('HeapProfiler.collectGarbage');
  const base = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const sampler = await heapSampler(cdp, await watchWorkerHeaps(cdp));
  const download = dest === 'download' ? page.waitForEvent('download', { timeout: 600_000 }) : null;
  await page.locator('#export-start').click();
  await page.waitForSelector('body[data-export-state="done"]', { timeout: 600_000 });
  const { peak, workerPeak } = await sampler.stop();
  const { ms, planMs, bytes } = await page.evaluate(() => {
    const m = performance.measure('zo-export', 'zo-export-start', 'zo-export-end');
    const plan = performance.measure('zo-export-plan', 'zo-export-start', 'zo-export-planned');
    return { ms: m.duration, planMs: plan.duration, bytes: Number(document.body.dataset.exportBytes) };
  });
  if (download) await (await download).delete();
  else await clearOpfs(page);
  return { ms, planMs, mb: bytes / MB, peakMb: peak / MB, workerPeakMb: workerPeak / MB, baseMb: base / MB };
}

const scenario: Scenario = {
  name: 'export',
  async run(): Promise<Figures> {
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR });
    // The save picker, which a headless browser cannot show, picks a file in OPFS; the export writes
    // it through the real FileSystemWritableFileStream (swap file, then moved over the file).
    await installOpfsPickers(ext.context);
    try {
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext.extensionId, TRANSFER));
      await seedPosts(page, { count: POSTS, textChars: 6_000 });
      await seedImages(page, IMAGES);
      await page.waitForTimeout(5_000); // let LevelDB settle after ~400 MB of writes
      const cdp = await ext.context.newCDPSession(page);
      // Each export ROUNDS times, alternated: one export on the 2-core machine varies by ±15% (disk
      // writeback of the 370 MB downloads, the VM), so the figure is the median run.
      type Run = Awaited<ReturnType<typeof exportOnce>> & { floorMs: number };
      const runs: { backup: Run[]; hexo: Run[]; hexoPicked: Run[] } = { backup: [], hexo: [], hexoPicked: [] };
      // Each export, then its floor: the same number of bytes to the same sink.
      const withFloor = async (run: Awaited<ReturnType<typeof exportOnce>>, sink: 'download' | 'picker'): Promise<Run> => ({ ...run, floorMs: await exportFloor(page, run.mb * MB, sink) });
      for (let round = 0; round < ROUNDS; round++) {
        runs.backup.push(await withFloor(await exportOnce(page, cdp, 'backup', 'bundled'), 'download'));
        runs.hexo.push(await withFloor(await exportOnce(page, cdp, 'hexo', 'bundled'), 'download'));
        runs.hexoPicked.push(await withFloor(await exportOnce(page, cdp, 'hexo', 'bundled', 'picker'), 'picker'));
      }
      const rate = (r: Run): number => r.mb / (r.ms / 1000);
      const mid = (rs: Run[]): Run => [...rs].sort((x, y) => rate(x) - rate(y))[Math.floor(rs.length / 2)]!;
      const [backup, hexo] = [mid(runs.backup), mid(runs.hexo)];
      for (const [name, rs] of Object.entries(runs)) console.log(`  ${name}: ${rs.map((r) => `${rate(r).toFixed(1)} MB/s (${r.ms.toFixed(0)} ms, floor ${r.floorMs.toFixed(0)} ms, peak ${r.peakMb.toFixed(0)} MB)`).join(', ')}`);
      const floor = (rs: Run[]): number => median(rs.map((r) => r.floorMs));
      const peak = (rs: Run[]): number => Math.max(...rs.map((r) => r.peakMb));
      const workerPeak = (rs: Run[]): number => Math.max(...rs.map((r) => r.workerPeakMb));
      const slowest = (rs: Run[]): number => Math.min(...rs.map(rate));
      return {
        'export: backup 10k posts + 2k images, time (median run)': { value: backup.ms, unit: 'ms', baseline: floor(runs.backup), goal: '≤ 2× floor' },
        'export: backup, floor: every row and blob read once, as many bytes to a download (median run)': { value: floor(runs.backup), unit: 'ms' },
        'export: backup, of which planning': { value: backup.planMs, unit: 'ms' },
        'export: backup size': { value: backup.mb, unit: 'MB' },
        'export: backup throughput (median run)': { value: rate(backup), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: backup throughput, slowest run': { value: slowest(runs.backup), unit: 'MB/s' },
        'export: backup peak JS heap (page + ZIP worker), all runs': { value: peak(runs.backup), unit: 'MB', goal: '≤ 300 MB' },
        'export: backup peak JS heap, ZIP worker alone': { value: workerPeak(runs.backup), unit: 'MB' },
        'export: Hexo (bundled images) time (median run)': { value: hexo.ms, unit: 'ms', baseline: floor(runs.hexo), goal: '≤ 2× floor' },
        'export: Hexo throughput (median run)': { value: rate(hexo), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: Hexo throughput, slowest run': { value: slowest(runs.hexo), unit: 'MB/s' },
        'export: Hexo peak JS heap (page + ZIP worker), all runs': { value: peak(runs.hexo), unit: 'MB', goal: '≤ 300 MB' },
        'export: Hexo peak JS heap, ZIP worker alone': { value: workerPeak(runs.hexo), unit: 'MB' },
        'export: Hexo into a picked file (OPFS), time (median run)': { value: mid(runs.hexoPicked).ms, unit: 'ms', baseline: floor(runs.hexoPicked), goal: '≤ 2× floor' },
        'export: Hexo into a picked file (OPFS), throughput (median run)': { value: rate(mid(runs.hexoPicked)), unit: 'MB/s', goal: '≥ 50 MB/s' },
        'export: Hexo into a picked file, slowest run': { value: slowest(runs.hexoPicked), unit: 'MB/s' },
        'export: Hexo into a picked file, peak JS heap (page + ZIP worker)': { value: peak(runs.hexoPicked), unit: 'MB', goal: '≤ 300 MB' },
        'export: page JS heap before the exports (after GC)': { value: runs.backup[0]!.baseMb, unit: 'MB' },
      };
    } finally {
      await ext.close();
    }
  },
};

export default scenario;
