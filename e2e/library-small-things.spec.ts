// Small things a reader notices on the library page (issue 20): the empty state under the
// toolbar, a filter bar that wraps field by field under 1,000 px, dates typed in the UI
// language's order, and the keyboard (`/` to search, a visible focus ring, header first in tab order).
import { expect, test } from '@playwright/test';
import { extensionUrl } from './support/extension-pages';
import { zhihuSession } from './support/session';

const session = zhihuSession();

test('empty library, 900 px wide: the message near the top, labels on one line with their fields, year-month-day dates, / and Tab', async () => {
  const page = await session.ext.context.newPage();
  await page.setViewportSize({ width: 900, height: 800 });
  await page.goto(extensionUrl(session.ext.extensionId, 'src/ui/library/library.html'));
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true');

  // Tab order starts with the header's links, and the focused one shows a ring.
  await page.keyboard.press('Tab');
  await expect(page.locator('.site-nav-link').first()).toBeFocused();
  expect(await page.locator('.site-nav-link').first().evaluate((a) => getComputedStyle(a).outlineStyle)).toBe('solid');
  await page.keyboard.press('Tab');
  await expect(page.locator('.site-nav-link').nth(1)).toBeFocused();

  const empty = page.locator('#empty');
  await expect(empty).toBeVisible();
  const box = await empty.boundingBox();
  expect(box?.y ?? 1e9).toBeLessThan(400); // was at the bottom of the 800 px window

  // Every filter's label and field sit on one line: no label broken from its field.
  const heights = await page.locator('#filters > label').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(40);

  const from = page.locator('input[name="from"]');
  await expect(from).toHaveAttribute('placeholder', '年-月-日');
  await from.fill('2024-02-30');
  expect(await from.evaluate((i: HTMLInputElement) => i.validity.valid)).toBe(false);
  await from.fill('2024年3月1日');
  expect(await from.evaluate((i: HTMLInputElement) => i.validity.valid)).toBe(true);

  // `/` from anywhere but a field focuses the search box; typing `/` in a field stays a character.
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.keyboard.press('/');
  await expect(page.locator('#search')).toBeFocused();
  await page.keyboard.type('/a');
  await expect(page.locator('#search')).toHaveValue('/a');

});
