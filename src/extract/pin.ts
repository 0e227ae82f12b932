/**
 * Pins (想法): the API object (`api/v4/pins/<id>`, api-pin-*.json), the same entity in js-initialData,
 * or a `.PinItem` card. A pin's text may be "标题 | <p>…</p>" (api-pin-2071001987873871220-redacted.json).
 */
import type { HtmlParser } from './clean/inert';
import { parserFor } from './clean/inert';
import { domBody, domMeta } from './dom-item';
import { pinId } from './ids';
import { ANONYMOUS, entityAuthor, entityCreated, entityIncomplete, entityTopics, entityUpdated } from './entity-meta';
import { asObject, entity, field, num, str, type JsonObject } from './initial-data';
import { fillGaps, finishItem, plainText, type ItemMeta } from './item';
import type { ExtractOptions } from './options';
import type { CapturedItem } from './types';

const TITLE_CHARS = 60;

export function pinMeta(e: JsonObject, sourceUrl: string, parse: HtmlParser): ItemMeta | null {
  const id = str(e.id);
  if (!/^\d{1,25}$/.test(id)) return null;
  const text = plainText(str(field(e, 'excerptTitle')) || str(field(e, 'contentHtml')), parse);
  const reason = entityIncomplete(e);
  const stats = asObject(asObject(e.reaction)?.statistics);
  return {
    kind: 'pin',
    id,
    url: `https://www.zhihu.com/pin/${id}`,
    title: pinTitle(text),
    author: entityAuthor(e) ?? { name: ANONYMOUS, url: '', avatar: '', headline: '' },
    question: null,
    topics: entityTopics(e),
    createdAt: entityCreated(e, 'pin'),
    updatedAt: entityUpdated(e, 'pin'),
    voteCount: num(field(e, 'likeCount')) ?? num(field(stats, 'upVoteCount')) ?? num(field(e, 'reactionCount')),
    commentCount: num(field(e, 'commentCount')),
    excerpt: text.slice(0, 120),
    complete: reason === null,
    incompleteReason: reason,
    sourceUrl,
  };
}

/** "标题 | 正文" → the title; otherwise the start of the text. */
function pinTitle(text: string): string {
  const titled = /^([^|]{1,80}?) \| /.exec(text)?.[1];
  if (titled) return titled.trim();
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS)}…` : text;
}

/** `content_html` holds the text and the images (`data-original` is the unwatermarked original). */
export function pinBody(e: JsonObject, parse: HtmlParser): HTMLElement | null {
  const html = field(e, 'contentHtml');
  return typeof html === 'string' && html.trim() ? parse(html) : null;
}

export function extractPin(root: Element, state: JsonObject | null, sourceUrl: string, opts: ExtractOptions = {}): CapturedItem | null {
  const id = pinId(root, sourceUrl);
  if (!id) return null;
  const parse = parserFor(root.ownerDocument);
  const dom: ItemMeta = { ...domMeta(root, 'pin', id, sourceUrl), url: `https://www.zhihu.com/pin/${id}` };
  const e = opts.source === 'dom' ? null : entity(state, 'pins', id);
  const fromEntity = e ? pinMeta(e, sourceUrl, parse) : null;
  const body = e ? pinBody(e, parse) : null;
  if (fromEntity && body) return finishItem(fillGaps(fromEntity, { ...dom, incompleteReason: null }), body, 'initialData');
  const domContent = domBody(root, dom.url);
  if (!domContent) return null;
  const meta = fromEntity ? fillGaps(fromEntity, dom) : dom;
  return finishItem({ ...meta, title: meta.title || pinTitle(domContent.textContent?.replace(/\s+/g, ' ').trim() ?? '') }, domContent, 'dom');
}
