// Saves real pages, then photographs the popup, library, reader, settings, 导出与导入 and first-run
// pages (light and dark) and a Zhihu
// page. A normal run writes them under test-results/ so that `npm test` leaves the tree clean;
// to refresh the README's copies in docs/screenshots/:
//   ZO_UPDATE_SCREENSHOTS=1 npx playwright test e2e/library-screenshots.spec.ts
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { photographExtension, photographZhihu, saveDemoPages } from '../scripts/demo-flow';
import { REPO_ROOT } from './support/paths';
import { zhihuSession } from './support/session';

const session = zhihuSession();

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
async function pngSize(file: string): Promise<{ width: number; height: number; bytes: Buffer }> {
  const bytes = await readFile(file);
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error(`${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), bytes };
}

test('screenshots of the popup, library, reader, settings, 导出与导入 and first-run pages in light and dark', async () => {
  test.setTimeout(240_000);
  const dir = process.env.ZO_UPDATE_SCREENSHOTS ? path.join(REPO_ROOT, 'docs/screenshots') : test.info().outputPath('screenshots');
  expect(await saveDemoPages(session.ext.context)).toBeGreaterThan(15);
  const light = await photographExtension(session.ext.context, session.ext.extensionId, dir, 'light');
  const dark = await photographExtension(session.ext.context, session.ext.extensionId, dir, 'dark');
  const zhihu = await photographZhihu(session.ext.context, dir);
  expect(light.map((f) => path.basename(f))).toEqual([
    'popup-light.png',
    'library-light.png',
    'reader-light.png',
    'reader-math-light.png',
    'settings-light.png',
    'transfer-light.png',
    'welcome-light.png',
  ]);
  // Each dark shot is the same screen at the same size, but not the same picture.
  for (const [i, file] of light.entries()) {
    const [l, d] = await Promise.all([pngSize(file), pngSize(dark[i] as string)]);
    expect([d.width, d.height]).toEqual([l.width, l.height]);
    expect(d.bytes.equals(l.bytes), path.basename(file)).toBe(false);
  }
  expect(await pngSize(zhihu)).toMatchObject({ width: 1280, height: 900 });
});
