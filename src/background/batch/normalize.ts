/**
 * API objects to CapturedItems with the SAME normalizer as a click-save's API fallback (src/extract/api.ts).
 * It needs a DOM parser: Firefox's event page has one; Chromium's service worker does not, so there the
 * object goes to the content script of a Zhihu tab, which runs the pure normalizer and answers. Its
 * answer is checked with the same schema as any capture a content script sends.
 */
import * as v from 'valibot';
import { fromApiAnswer, fromApiArticle, fromApiPin, type CapturedItem } from '../../extract';
import { NormalizeReplySchema } from '../../messaging/batch-schema';
import type { NormalizeEvent } from '../../messaging/protocol';

const ZHIHU_TABS = ['https://www.zhihu.com/*', 'https://zhuanlan.zhihu.com/*'];
const NORMALIZE = { answer: fromApiAnswer, article: fromApiArticle, pin: fromApiPin };

export class NoZhihuTabError extends Error {
  constructor() {
    super('no Zhihu tab to read the item with');
    this.name = 'NoZhihuTabError';
  }
}

/** The item, or null when the object holds nothing saveable. Throws NoZhihuTabError when no tab can help. */
export async function normalizeObject(raw: Record<string, unknown>, sourceUrl: string, preferTab: number | null): Promise<CapturedItem | null> {
  if (typeof globalThis.DOMParser === 'function') {
    const kind = raw.type as keyof typeof NORMALIZE;
    return Object.hasOwn(NORMALIZE, kind) ? NORMALIZE[kind](raw, sourceUrl) : null;
  }
  const event: NormalizeEvent = { type: 'content/normalize', object: raw, sourceUrl };
  const tried = new Set<number>();
  const firstAnswer = async (ids: readonly (number | null)[]): Promise<{ item: CapturedItem | null } | null> => {
    for (const tabId of ids) {
      if (tabId === null || tried.has(tabId)) continue;
      tried.add(tabId);
      const answer = await ask(tabId, event);
      if (answer) return answer;
    }
    return null;
  };
  // The tab that answered last (or the batch's own) is asked first, without a tab query: a batch asks once per item.
  const answer = (await firstAnswer([preferTab, lastHelper])) ?? (await firstAnswer(await zhihuTabs()));
  if (answer) return answer.item;
  throw new NoZhihuTabError();
}

let lastHelper: number | null = null;

/** The tab's answer, or null when it cannot help (closed, navigated away, no content script yet, an old script). */
async function ask(tabId: number, event: NormalizeEvent): Promise<{ item: CapturedItem | null } | null> {
  let reply: unknown;
  try {
    reply = await chrome.tabs.sendMessage(tabId, event, { frameId: 0 });
  } catch {
    return null;
  }
  // No answer at all: the tab closed while asked (seen when the browser quits mid-batch), or an old script.
  if (reply === undefined) return null;
  lastHelper = tabId;
  // An answer that is not a capture is refused like any bad message: the item fails, the batch goes on.
  return { item: v.parse(NormalizeReplySchema, reply).item as CapturedItem | null };
}

async function zhihuTabs(): Promise<number[]> {
  const tabs = await chrome.tabs.query({ url: ZHIHU_TABS });
  return tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
}
