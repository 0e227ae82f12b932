/**
 * Zhihu API objects (snake_case) to CapturedItems, through the same normalizer as js-initialData:
 * the content script's fallback fetch (src/content/fetch-full.ts) and the api-*.json fixtures use these.
 * Pure: JSON in, item out. HTML is parsed with the given parser (default: the global DOMParser).
 */
import { parserFor, type HtmlParser } from './clean/inert';
import { answerMeta, articleMeta, entityBody } from './entity-item';
import { asObject, type JsonObject } from './initial-data';
import { cleanContainer, type CleanResult } from './clean';
import { finishItem, type ItemMeta } from './item';
import { pinBody, pinMeta } from './pin';
import type { CapturedItem } from './types';

type MetaFn = (e: JsonObject, sourceUrl: string, parse: HtmlParser) => ItemMeta | null;
type BodyFn = (e: JsonObject, itemUrl: string, parse: HtmlParser) => HTMLElement | null;

function fromApi(type: string, metaFn: MetaFn, bodyFn: BodyFn) {
  return (json: unknown, sourceUrl: string, parse: HtmlParser = parserFor()): CapturedItem | null => {
    const e = asObject(json);
    if (!e || (typeof e.type === 'string' && e.type !== type)) return null;
    const meta = metaFn(e, sourceUrl, parse);
    const body = meta ? bodyFn(e, meta.url, parse) : null;
    return meta && body ? finishItem(meta, body, 'api') : null;
  };
}

export const fromApiAnswer = fromApi('answer', answerMeta, entityBody);
export const fromApiArticle = fromApi('article', articleMeta, entityBody);
export const fromApiPin = fromApi('pin', pinMeta, (e, _url, parse) => pinBody(e, parse));

/** An answer's `content` HTML alone (API form, no page around it) to clean HTML. */
export function normalizeContentHtml(html: string, parse: HtmlParser = parserFor()): CleanResult {
  return cleanContainer(parse(html));
}
