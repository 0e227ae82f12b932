// R7 (eviction under storage pressure): Chromium gives no way to force an eviction, so this records
// what protects the library and what the browser answered, rather than a loss figure. What is
// asserted: the popup and the library ask for persistent storage, and `unlimitedStorage` (which
// exempts an extension's data from eviction in Chromium) is granted. What is only reported:
// navigator.storage.persisted(), which headless Chromium answers from its own heuristics (false here).
import { expect, test } from '@playwright/test';
import { extensionUrl, openPopup } from './support/extension-pages';
import { recordUninjectable } from './support/fault-table';
import { zhihuSession } from './support/session';

const session = zhihuSession();

test('the library asks to be kept: persist() from popup and library, unlimitedStorage granted', async () => {
  const { context, extensionId } = session.ext;
  await context.addInitScript(() => {
    const w = window as unknown as { __zoPersistCalls: number };
    w.__zoPersistCalls = 0;
    const persist = StorageManager.prototype.persist;
    StorageManager.prototype.persist = function (this: StorageManager) {
      w.__zoPersistCalls++;
      return persist.call(this);
    };
  });
  const popup = await openPopup(context, extensionId);
  await expect.poll(() => popup.evaluate(() => (window as unknown as { __zoPersistCalls: number }).__zoPersistCalls)).toBeGreaterThan(0);
  const library = await context.newPage();
  await library.goto(extensionUrl(extensionId, 'src/ui/library/library.html'));
  await expect.poll(() => library.evaluate(() => (window as unknown as { __zoPersistCalls: number }).__zoPersistCalls)).toBeGreaterThan(0);

  const granted = await popup.evaluate(() => chrome.permissions.contains({ permissions: ['unlimitedStorage'] }));
  expect(granted).toBe(true);
  const persisted = await popup.evaluate(() => navigator.storage.persisted());
  await recordUninjectable(
    ['R7'],
    'eviction under storage pressure (not injectable: Chromium has no switch or CDP method to force one)',
    `popup and library call persist(); unlimitedStorage granted; headless Chromium answered persisted() = ${persisted}`,
  );
});
