// Issue #17: the reader with a post's comments, in real Chromium. The comments are written raw into IndexedDB
// (the shape a save stores), 500 (the default cap) and 2,000 (the largest cap offered), a quarter of them roots;
// the figures are the time from navigation to the reader's data-ready, and the first find-in-comments, which
// builds what was collapsed.
import { expect } from '@playwright/test';
import { extensionUrl, READER } from '../../e2e/support/extension-pages';
import { startFixtureServer } from '../../e2e/support/fixture-server';
import { putRawComments } from '../../e2e/support/idb';
import { launchWithExtension } from '../../e2e/support/launch';
import { DEFAULT_DIST_DIR } from '../../e2e/support/paths';
import type { CommentItem, CommentThread } from '../../src/storage/types';
import { median } from '../stats';
import type { Figures, Scenario } from '../types';

const RUNS = 5;

function thread(n: number): CommentThread {
  const items: CommentItem[] = Array.from({ length: n }, (_, i) => ({
    id: String(1_000 + i),
    rootId: i % 4 ? String(1_000 + i - (i % 4)) : null,
    replyToId: null,
    replyTo: null,
    author: { name: `用户${i}`, url: 'https://www.zhihu.com/people/x' },
    createdAt: 1_700_000_000_000 + i * 60_000,
    likes: i % 50,
    html: `<p>这是第 ${i} 条评论，有一些文字，<a href="https://www.zhihu.com/people/y">@某人</a> 说得对。</p>`,
    replyCount: 0,
  }));
  return { state: 'complete', reason: null, total: n, kept: n, fetchedAt: 1_700_000_000_000, items };
}

const scenario: Scenario = {
  name: 'comments',
  async run(): Promise<Figures> {
    const server = await startFixtureServer();
    const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server });
    const out: Figures = {};
    try {
      const zhihu = await ext.context.newPage();
      await zhihu.goto('https://www.zhihu.com/question/24657141');
      const button = zhihu.locator('[data-zo-action="save"]').first();
      await button.click();
      await expect(button).toHaveAttribute('data-zo-state', 'saved');
      const page = await ext.context.newPage();
      await page.goto(extensionUrl(ext.extensionId, 'src/ui/popup/popup.html'));
      const key = await page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const req = indexedDB.open('zhihu-offline');
          req.onsuccess = () => resolve(req.result);
        });
        return new Promise<string>((resolve) => {
          const req = db.transaction('posts').objectStore('posts').getAllKeys();
          req.onsuccess = () => resolve(String(req.result[0]));
        });
      });
      for (const n of [0, 500, 2_000]) {
        await putRawComments(page, key, thread(n));
        const ready: number[] = [];
        const search: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const reader = await ext.context.newPage();
          const t0 = Date.now();
          await reader.goto(`${extensionUrl(ext.extensionId, READER)}#${encodeURIComponent(key)}`);
          await expect(reader.locator('html')).toHaveAttribute('data-ready', 'true');
          ready.push(Date.now() - t0);
          if (n) {
            const t1 = Date.now();
            await reader.locator('#comments-find').fill(`第 ${n - 1} 条`);
            await expect(reader.locator('.comments-found')).toHaveText('找到 1 条');
            search.push(Date.now() - t1);
          }
          await reader.close();
        }
        out[`reader ready with ${n} comments (median of ${RUNS})`] = { value: median(ready), unit: 'ms' };
        if (n) out[`reader: first find in ${n} comments, building the collapsed ones (median of ${RUNS})`] = { value: median(search), unit: 'ms' };
      }
    } finally {
      await ext.close();
      await server.close();
    }
    return out;
  },
};
export default scenario;
