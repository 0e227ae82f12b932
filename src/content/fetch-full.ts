/**
 * The third source of a body (issue #3): when the page holds only an excerpt or a preview, ask Zhihu's
 * own API for the item (through the worker's scheduler, with the user's cookies), and normalize the JSON with the pure
 * layer (src/extract/api.ts). The fetcher is injectable so tests run without a network.
 */
import { fromApiAnswer, fromApiArticle, fromApiPin, type CapturedItem } from '../extract';
import { send } from '../messaging/client';
import { apiUrl } from '../shared/zhihu-api';

export type FetchJson = (url: string) => Promise<unknown>;

/**
 * GET with the user's cookies, made by the worker's one Zhihu scheduler (#14: a click goes ahead of any
 * batch); anything but a JSON 200 (e.g. the anti-bot page) is a failure.
 */
export const fetchJson: FetchJson = async (url) => (await send('zhihu/item', { url })).json;

export const NORMALIZE = { answer: fromApiAnswer, article: fromApiArticle, pin: fromApiPin };

/**
 * The full item from the API, or null when it cannot be had (network, login, anti-bot, still partial).
 * Paid content is not retried: the page already told us it is not bought.
 */
export async function fetchFullItem(item: CapturedItem, origin: string, get: FetchJson = fetchJson): Promise<CapturedItem | null> {
  if (item.complete || item.incompleteReason === 'paid') return null;
  const url = apiUrl(item.kind, item.id, origin);
  if (!url) return null;
  try {
    const full = NORMALIZE[item.kind](await get(url), item.sourceUrl);
    if (!full || full.id !== item.id || !full.complete) return null;
    // The API knows less about context (question topics) than the page did.
    return { ...full, topics: full.topics.length ? full.topics : item.topics, question: full.question ?? item.question };
  } catch {
    return null;
  }
}
