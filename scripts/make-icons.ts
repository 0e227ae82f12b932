// Renders icons/icon.svg to the PNG sizes the manifest needs, with Debian's Chromium.
// Run once after editing the SVG: npx tsx scripts/make-icons.ts
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chromiumPath } from './system-tools';

const svg = readFileSync('icons/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: `icons/icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
