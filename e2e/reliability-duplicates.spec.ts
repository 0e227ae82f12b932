// R18 (concurrent duplicate saves), injected in real Chromium: the same answer is saved from two
// tabs at once, twice over, while an earlier post sits in the library. One post must result, with
// no spurious revision, and the earlier post must be untouched.
import { expect, test } from '@playwright/test';
import { openPopup } from './support/extension-pages';
import { recordFault } from './support/fault-table';
import { dumpDatabase } from './support/idb';
import { snapshotLibrary } from './support/library-snapshot';
import { zhihuSession } from './support/session';

const session = zhihuSession();
const QUESTION = 'https://www.zhihu.com/question/24657141';

test('the same answer saved from two tabs at once is one post, without a revision', async () => {
  const { context, extensionId } = session.ext;
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) {
    await tab.goto(QUESTION);
    await expect(tab.locator('[data-zo-action="save"]')).toHaveCount(5);
  }
  const [first, second] = tabs.map((t) => t.locator('[data-zo-action="save"]'));
  if (!first || !second) throw new Error('two tabs expected');
  await first.nth(1).click();
  await expect(first.nth(1)).toHaveAttribute('data-zo-state', 'saved');
  const popup = await openPopup(context, extensionId);
  const before = await snapshotLibrary(popup);
  const keysBefore = Object.keys(before.posts ?? {});

  // The fault: both tabs save answer #3 in the same moment (one click each, dispatched together).
  await Promise.all([first.nth(2).click(), second.nth(2).click()]);
  for (const b of [first.nth(2), second.nth(2)]) await expect(b).toHaveAttribute('data-zo-state', 'saved', { timeout: 30_000 });

  const db = await dumpDatabase(popup);
  expect(db.posts).toHaveLength(keysBefore.length + 1);
  const added = db.posts.find((p) => !keysBefore.includes(JSON.stringify(p.key)));
  expect((added?.meta as { revisionCount: number }).revisionCount).toBe(0);
  const after = await snapshotLibrary(popup);
  expect(Object.keys(after.revisions ?? {})).toEqual([]);
  await recordFault({
    ids: ['R18'],
    fault: 'the same answer saved from two tabs at the same moment',
    checked: 'both buttons say 已保存; one new post, revisionCount 0, no revision rows; the earlier post untouched',
    before,
    after,
  });
});
