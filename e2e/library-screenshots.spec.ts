// Saves real pages, then writes the README's screenshots (docs/screenshots/, light and dark):
// popup, library and reader. Run on its own to refresh them: npx playwright test e2e/library-screenshots.spec.ts
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { photographExtension, photographZhihu, saveDemoPages } from '../scripts/demo-flow';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { launchWithExtension, type LaunchedExtension } from './support/launch';
import { DEFAULT_DIST_DIR, REPO_ROOT } from './support/paths';

const DIR = path.join(REPO_ROOT, 'docs/screenshots');
let server: FixtureServer;
let ext: LaunchedExtension;

test.beforeEach(async () => {
  server = await startFixtureServer();
  ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
});

test.afterEach(async () => {
  await ext.close();
  await server.close();
});

test('screenshots of the popup, library and reader in light and dark', async () => {
  test.setTimeout(240_000);
  expect(await saveDemoPages(ext.context)).toBeGreaterThan(15);
  const shots = [
    ...(await photographExtension(ext.context, ext.extensionId, DIR, 'light')),
    ...(await photographExtension(ext.context, ext.extensionId, DIR, 'dark')),
    await photographZhihu(ext.context, DIR),
  ];
  expect(shots).toHaveLength(9);
});
