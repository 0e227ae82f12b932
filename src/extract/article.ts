/** A zhuanlan article (`.Post-content`) to a CapturedItem. */
import { cleanContainer } from './clean';
import { cloneIntoContainer, parseIntoContainer } from './clean/inert';
import { domAuthor, metaNumber, metaTime, readZop, textOf } from './dom-meta';
import { entityAuthor, entityTime, entityTopics } from './entity-meta';
import { asObject, entity, num, str, type JsonObject } from './initial-data';
import { SEL } from './selectors';
import type { CapturedItem } from './types';

export function extractArticle(root: Element, state: JsonObject | null, sourceUrl: string): CapturedItem | null {
  const doc = root.ownerDocument;
  const zop = readZop(root);
  const id = str(zop.itemId ?? '') || (/\/p\/(\d+)/.exec(sourceUrl)?.[1] ?? '');
  if (!/^\d+$/.test(id)) return null;
  const e = entity(state, 'articles', id);
  const main = root.querySelector('article.Post-Main') ?? root;

  const entityHtml = str(e?.content);
  const fromEntity = entityHtml.trim() !== '';
  const richText = root.querySelector('.Post-RichText') ?? root.querySelector(SEL.richText);
  const container = fromEntity ? parseIntoContainer(doc, entityHtml) : richText ? cloneIntoContainer(richText) : null;
  if (!container) return null;
  const cleaned = cleanContainer(container);

  const paid = asObject(e?.paidInfo);
  const unpaid = (str(e?.articleType) === 'paid' && paid?.hasPurchased !== true) || root.querySelector(SEL.paywall) !== null;
  const truncated = e?.contentNeedTruncated === true;

  return {
    kind: 'article',
    id,
    url: `https://zhuanlan.zhihu.com/p/${id}`,
    title: str(e?.title) || textOf(root.querySelector(SEL.articleTitle)) || zop.title || '',
    author: (e && entityAuthor(e)) ?? domAuthor(main),
    question: null,
    topics: entityTopics(e).length ? entityTopics(e) : Array.from(doc.querySelectorAll(SEL.articleTopics)).map((a) => textOf(a)),
    createdAt: entityTime(e?.created) ?? metaTime(main, 'datePublished'),
    updatedAt: entityTime(e?.updated) ?? metaTime(main, 'dateModified'),
    voteCount: num(e?.voteupCount),
    commentCount: num(e?.commentCount) ?? metaNumber(main, 'commentCount'),
    excerpt: stripTags(str(e?.excerpt)) || cleaned.text.slice(0, 120),
    contentHtml: cleaned.html,
    images: cleaned.images,
    complete: !unpaid && !truncated,
    incompleteReason: unpaid ? 'paid' : truncated ? 'truncated' : null,
    sourceUrl,
    contentSource: fromEntity ? 'initialData' : 'dom',
  };
}

/** Article excerpts may start with an `<img>`; the excerpt is plain text. */
function stripTags(s: string): string {
  return s.replace(/<[^>]*>/g, '').trim();
}
