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
  for (const tabId of await candidateTabs(preferTab)) {
    let reply: unknown;
    try {
      reply = await chrome.tabs.sendMessage(tabId, event, { frameId: 0 });
    } catch {
      continue; // a tab that navigated away or is closing, or has no content script yet: the next one
    }
    // No answer at all: the tab closed while asked (seen when the browser quits mid-batch), or an old script.
    if (reply === undefined) continue;
    // An answer that is not a capture is refused like any bad message: the item fails, the batch goes on.
    return v.parse(NormalizeReplySchema, reply).item as CapturedItem | null;
  }
  throw new NoZhihuTabError();
}

async function candidateTabs(preferTab: number | null): Promise<number[]> {
  const tabs = await chrome.tabs.query({ url: ZHIHU_TABS });
  const ids = tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
  return preferTab !== null && ids.includes(preferTab) ? [preferTab, ...ids.filter((id) => id !== preferTab)] : ids;
}
