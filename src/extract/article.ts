/** A zhuanlan article (`.Post-content` page or `.ArticleItem` card) to a CapturedItem. */
import { parserFor } from './clean/inert';
import { domBody, domMeta } from './dom-item';
import { readZop, textOf } from './dom-meta';
import { articleId } from './ids';
import { articleMeta, entityBody } from './entity-item';
import { entity, type JsonObject } from './initial-data';
import { fillGaps, finishItem, type ItemMeta } from './item';
import type { ExtractOptions } from './options';
import { SEL } from './selectors';
import type { CapturedItem } from './types';

export function extractArticle(root: Element, state: JsonObject | null, sourceUrl: string, opts: ExtractOptions = {}): CapturedItem | null {
  const isPage = root.matches(SEL.articleRoot);
  const id = articleId(root, sourceUrl);
  if (!id) return null;
  const parse = parserFor(root.ownerDocument);
  const dom = articleDomMeta(root, isPage, id, sourceUrl);
  const e = opts.source === 'dom' ? null : entity(state, 'articles', id);
  const fromEntity = e ? articleMeta(e, sourceUrl) : null;
  const body = e ? entityBody(e, dom.url, parse) : null;
  if (fromEntity && body) {
    const meta = fillGaps(fromEntity, { ...dom, incompleteReason: dom.incompleteReason === 'paid' ? 'paid' : null });
    return finishItem(meta, body, 'initialData');
  }
  // On the page the body is `.Post-RichText`; the `.RichText` of recommendations must not win.
  const domContent = domBody(isPage ? (root.querySelector(SEL.articleMain) ?? root) : root, dom.url, isPage ? SEL.articleBody : SEL.richText);
  if (!domContent) return null;
  return finishItem(fromEntity ? fillGaps(fromEntity, dom) : dom, domContent, 'dom');
}

function articleDomMeta(root: Element, isPage: boolean, id: string, sourceUrl: string): ItemMeta {
  const main = isPage ? (root.querySelector(SEL.articleMain) ?? root) : root;
  const meta = domMeta(main, 'article', id, sourceUrl);
  const doc = root.ownerDocument;
  return {
    ...meta,
    url: `https://zhuanlan.zhihu.com/p/${id}`,
    title: (isPage ? textOf(root.querySelector(SEL.articleTitle)) : '') || meta.title || readZop(root).title || '',
    topics: isPage ? Array.from(doc.querySelectorAll(SEL.articleTopics)).map((a) => textOf(a)).filter(Boolean) : [],
  };
}
