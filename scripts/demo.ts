// `npm run demo`: try Zhihu Offline without a Zhihu account. Builds the extension, serves the
// real saved pages of test/fixtures/zhihu at their real URLs (e2e fixture server), and opens
// Chromium with the extension loaded on a question page. Headful when a display exists.
//
// `npm run demo -- --screenshots DIR`: headless; saves every demo page, then writes PNGs of a
// Zhihu page with its save buttons, the popup, the library and the reader (light and dark).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startFixtureServer } from '../e2e/support/fixture-server';
import { launchWithExtension } from '../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../e2e/support/paths';
import { DEMO_PAGES, LIBRARY, photographExtension, photographZhihu, saveDemoPages } from './demo-flow';
import { extensionUrl } from '../e2e/support/extension-pages';

const args = process.argv.slice(2);
const shotsAt = args.indexOf('--screenshots');
const shotsDir = shotsAt >= 0 ? path.resolve(args[shotsAt + 1] ?? 'docs/screenshots') : null;
const headless = shotsDir !== null || !process.env.DISPLAY;

console.log('Building the extension…');
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
const server = await startFixtureServer();
const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server, headless });

if (shotsDir) {
  console.log(`Saving ${DEMO_PAGES.length} real pages…`);
  console.log(`Saved ${await saveDemoPages(ext.context)} items.`);
  for (const scheme of ['light', 'dark'] as const) for (const f of await photographExtension(ext.context, ext.extensionId, shotsDir, scheme)) console.log(`wrote ${f}`);
  console.log(`wrote ${await photographZhihu(ext.context, shotsDir)}`);
  await ext.close();
  await server.close();
} else {
  const page = ext.context.pages()[0] ?? (await ext.context.newPage());
  await page.goto(DEMO_PAGES[0] as string);
  const library = await ext.context.newPage();
  await library.goto(extensionUrl(ext.extensionId, LIBRARY));
  await page.bringToFront();
  console.log(`
Chromium is open with Zhihu Offline loaded (${headless ? 'headless: no display found, try --screenshots DIR' : 'close the window to quit'}).
Pages served at their real URLs (no network needed):
${DEMO_PAGES.map((u) => `  ${u}`).join('\n')}
Click 保存离线 on an answer, then the toolbar icon or the library tab.`);
  if (headless) {
    await ext.close();
    await server.close();
  } else {
    await new Promise<void>((resolve) => ext.context.on('close', () => resolve()));
    await server.close();
  }
}
