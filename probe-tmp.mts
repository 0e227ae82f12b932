import { launchWithExtension } from './e2e/support/launch';
import { extensionUrl } from './e2e/support/extension-pages';
import { seedPosts } from './e2e/support/seed-posts';
import { realCorpus } from './bench/corpus';
const ext = await launchWithExtension({ distDir: process.env.DIST! });
await ext.context.addInitScript('globalThis.__name ??= (f) => f');
const page = await ext.context.newPage();
await page.goto(extensionUrl(ext.extensionId, 'src/ui/popup/popup.html'));
await page.waitForSelector('#status:not([hidden])');
await seedPosts(page, { count: 50_000, textChars: 6000, corpus: realCorpus() });
const LIB = extensionUrl(ext.extensionId, 'src/ui/library/library.html');
await page.goto(LIB);
await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true', null, { timeout: 300_000 });
await page.goto('about:blank'); await page.goto(LIB);
await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true', null, { timeout: 300_000 });
const cdp = await ext.context.newCDPSession(page);
const heap = async () => { const h = await cdp.send('Runtime.getHeapUsage') as any; return [Math.round(h.usedSize / 1e6), Math.round(h.backingStorageSize / 1e6)]; };
console.log('loaded', await heap());
let peak = [0, 0]; let run = true;
const sampler = (async () => { while (run) { const h = await heap(); if (h[0] + h[1] > peak[0] + peak[1]) peak = h; await new Promise((r) => setTimeout(r, 50)); } })();
const t0 = Date.now(); for (const q of ['的', '经济', '的', '知乎']) {
  await page.evaluate((q) => { const i = document.getElementById('search') as HTMLInputElement; i.value = q; i.dispatchEvent(new Event('input')); }, q);
  await page.waitForFunction(() => document.documentElement.dataset.searchDone === 'true', null, { timeout: 120_000 });
}
run = false; await sampler; console.log('queries to the end (ms)', Date.now() - t0);
console.log('peak [used, backing] MB', peak, 'after', await heap());
await ext.close();
