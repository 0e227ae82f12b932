/** One answer (`.ContentItem.AnswerItem`) to a CapturedItem. */
import { cleanContainer } from './clean';
import { cloneIntoContainer, parseIntoContainer } from './clean/inert';
import { domAuthor, metaNumber, metaTime, ownMeta, readZop, textOf } from './dom-meta';
import { entityAuthor, entityTime, entityTopics } from './entity-meta';
import { asObject, entity, num, str, type JsonObject } from './initial-data';
import { SEL } from './selectors';
import type { CapturedItem } from './types';

export function extractAnswer(root: Element, state: JsonObject | null, sourceUrl: string): CapturedItem | null {
  const doc = root.ownerDocument;
  const zop = readZop(root);
  const id = root.getAttribute('name') || str(zop.itemId ?? '');
  if (!/^\d+$/.test(id)) return null;
  const e = entity(state, 'answers', id);
  const q = asObject(e?.question);
  const questionId = str(q?.id) || questionIdFromItem(root, sourceUrl);
  const qEntity = entity(state, 'questions', questionId);
  const title = str(q?.title) || zop.title || textOf(doc.querySelector(SEL.questionTitle));

  const entityHtml = str(e?.content);
  const fromEntity = entityHtml.trim() !== '';
  const richText = root.querySelector(SEL.richText);
  const container = fromEntity ? parseIntoContainer(doc, entityHtml) : richText ? cloneIntoContainer(richText) : null;
  if (!container) return null;
  const cleaned = cleanContainer(container);
  const truncated = e?.contentNeedTruncated === true;

  return {
    kind: 'answer',
    id,
    url: questionId ? `https://www.zhihu.com/question/${questionId}/answer/${id}` : `https://www.zhihu.com/answer/${id}`,
    title,
    author: (e && entityAuthor(e)) ?? domAuthor(root),
    question: questionId ? { id: questionId, url: `https://www.zhihu.com/question/${questionId}`, title } : null,
    topics: entityTopics(qEntity).length ? entityTopics(qEntity) : domTopics(doc),
    createdAt: entityTime(e?.createdTime) ?? metaTime(root, 'dateCreated'),
    updatedAt: entityTime(e?.updatedTime) ?? metaTime(root, 'dateModified'),
    voteCount: num(e?.voteupCount) ?? metaNumber(root, 'upvoteCount'),
    commentCount: num(e?.commentCount) ?? metaNumber(root, 'commentCount'),
    excerpt: str(e?.excerpt) || cleaned.text.slice(0, 120),
    contentHtml: cleaned.html,
    images: cleaned.images,
    complete: !truncated,
    incompleteReason: truncated ? 'truncated' : null,
    sourceUrl,
    contentSource: fromEntity ? 'initialData' : 'dom',
  };
}

function questionIdFromItem(root: Element, sourceUrl: string): string {
  const fromMeta = /\/question\/(\d+)/.exec(ownMeta(root, 'url'))?.[1];
  return fromMeta ?? /\/question\/(\d+)/.exec(sourceUrl)?.[1] ?? '';
}

function domTopics(doc: Document): string[] {
  return Array.from(doc.querySelectorAll(SEL.questionTopics)).map((a) => textOf(a)).filter(Boolean);
}
