// Saves real pages, then writes the README's screenshots (docs/screenshots/, light and dark):
// popup, library and reader. Run on its own to refresh them: npx playwright test e2e/library-screenshots.spec.ts
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { photographExtension, photographZhihu, saveDemoPages } from '../scripts/demo-flow';
import { REPO_ROOT } from './support/paths';
import { zhihuSession } from './support/session';

const DIR = path.join(REPO_ROOT, 'docs/screenshots');
const session = zhihuSession();

test('screenshots of the popup, library and reader in light and dark', async () => {
  test.setTimeout(240_000);
  expect(await saveDemoPages(session.ext.context)).toBeGreaterThan(15);
  const shots = [
    ...(await photographExtension(session.ext.context, session.ext.extensionId, DIR, 'light')),
    ...(await photographExtension(session.ext.context, session.ext.extensionId, DIR, 'dark')),
    await photographZhihu(session.ext.context, DIR),
  ];
  expect(shots).toHaveLength(9);
});
