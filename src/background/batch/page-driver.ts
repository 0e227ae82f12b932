/**
 * The page-driven path of a question's batch (issue #14), worker side. When the API refuses the batch's
 * unsigned requests (403, code 10003), we do not sign them: the question's own tab, whose page code does,
 * loads the rest as it is scrolled. This injects the driver (src/content/page-driver.ts) into that tab and
 * takes the answers it hands over into the batch, which saves them as it saves API items.
 */
import driverFile from '../../content/page-driver.ts?script&iife';
import type { CapturedItem } from '../../extract/types';
import type { PageItemsReply } from '../../messaging/protocol';
import { batchIdOf, sameSource, sourceFromUrl } from '../../shared/batch-source';
import type { BatchRow } from '../../storage/batch-types';
import { appendRendered, getBatch, type NewBatchItem } from '../../storage/batches';
import { postKey } from '../../storage/seed-shape';
import { loadBatchSettings } from '../settings';

/**
 * Injects the driver into the batch's tab unless one runs there already (it checks). False when the tab is
 * gone or shows another page: the batch then waits for the user to open the question again.
 */
export async function ensurePageDriver(batch: BatchRow): Promise<boolean> {
  if (batch.tabId === null) return false;
  const tab = await chrome.tabs.get(batch.tabId).catch(() => null);
  const shown = tab?.url ? sourceFromUrl(tab.url) : null;
  if (!shown || !sameSource(shown, batch.source)) return false;
  try {
    await chrome.scripting.executeScript({ target: { tabId: batch.tabId, frameIds: [0] }, files: [driverFile] });
    return true;
  } catch (e) {
    console.warn('[zhihu-offline] page driver not injected', batch.id, e);
    return false;
  }
}

/**
 * Answers a question's tab rendered. Taken only from the tab the batch is driven in, only while it runs on
 * the page path, and only answers to that question (T7: the page is a neighbour, not a master).
 */
export async function takeRendered(items: CapturedItem[], end: boolean, tabUrl: string, tabId: number, run: (id: string) => void): Promise<PageItemsReply> {
  const stop = { go: false, delayMs: 0 };
  const source = sourceFromUrl(tabUrl);
  if (source?.kind !== 'question') return stop;
  const batch = await getBatch(batchIdOf(source));
  if (!batch || batch.state !== 'running' || batch.driver !== 'page' || batch.tabId !== tabId) return stop;
  const rows: NewBatchItem[] = items
    .filter((i) => i.kind === 'answer' && i.question?.id === source.id)
    .map((item) => ({ key: postKey(item), item, raw: null, state: 'pending', reason: null }));
  await appendRendered(batch.id, rows, end);
  run(batch.id);
  if (end) return stop;
  // The batch's pace between scrolls, with the scheduler's jitter: each scroll may make the page ask Zhihu once.
  const delay = (await loadBatchSettings()).batchDelayMs;
  return { go: true, delayMs: delay + Math.floor(Math.random() * delay * 0.5) };
}
