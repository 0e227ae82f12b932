/** One answer (`.ContentItem.AnswerItem`) to a CapturedItem: initialData first, the DOM as fallback. */
import { parserFor } from './clean/inert';
import { domBody, domMeta } from './dom-item';
import { ownMeta, readZaExtra, textOf } from './dom-meta';
import { answerId } from './ids';
import { answerMeta, entityBody } from './entity-item';
import { entityTopics } from './entity-meta';
import { entity, type JsonObject } from './initial-data';
import { fillGaps, finishItem, type ItemMeta } from './item';
import { SEL } from './selectors';
import type { CapturedItem } from './types';
import type { ExtractOptions } from './options';

export function extractAnswer(root: Element, state: JsonObject | null, sourceUrl: string, opts: ExtractOptions = {}): CapturedItem | null {
  const id = answerId(root);
  if (!id) return null;
  const parse = parserFor(root.ownerDocument);
  const dom = answerDomMeta(root, id, sourceUrl);
  const e = opts.source === 'dom' ? null : entity(state, 'answers', id);
  const fromEntity = e ? answerMeta(e, sourceUrl) : null;
  const body = e ? entityBody(e, dom.url, parse) : null;
  if (fromEntity && body) {
    const topics = entityTopics(entity(state, 'questions', fromEntity.question?.id ?? ''));
    const meta = fillGaps(fillGaps(fromEntity, { topics }), { ...dom, incompleteReason: dom.incompleteReason === 'paid' ? 'paid' : null });
    return finishItem(meta, body, 'initialData');
  }
  const domContent = domBody(root, dom.url);
  if (!domContent) return null;
  return finishItem(fromEntity ? fillGaps(fromEntity, dom) : dom, domContent, 'dom');
}

function answerDomMeta(root: Element, id: string, sourceUrl: string): ItemMeta {
  const doc = root.ownerDocument;
  const meta = domMeta(root, 'answer', id, sourceUrl);
  const qid = questionIdOf(root, sourceUrl);
  // The page's question header describes this answer only when it is the same question (not in feeds).
  const onItsPage = qid !== '' && new RegExp(`/question/${qid}(/|$|\\?)`).test(sourceUrl);
  const title = meta.title || (onItsPage ? textOf(doc.querySelector(SEL.questionTitle)) : '');
  return {
    ...meta,
    url: qid ? `https://www.zhihu.com/question/${qid}/answer/${id}` : `https://www.zhihu.com/answer/${id}`,
    title,
    question: qid ? { id: qid, url: `https://www.zhihu.com/question/${qid}`, title } : null,
    topics: onItsPage ? Array.from(doc.querySelectorAll(SEL.questionTopics)).map((a) => textOf(a)).filter(Boolean) : [],
  };
}

function questionIdOf(root: Element, sourceUrl: string): string {
  const fromMeta = /\/question\/(\d+)/.exec(ownMeta(root, 'url'))?.[1];
  const fromTitle = /\/question\/(\d+)/.exec(root.querySelector(SEL.itemTitleLink)?.getAttribute('href') ?? '')?.[1];
  const parent = readZaExtra(root).parent;
  return fromMeta ?? fromTitle ?? (/^\d+$/.test(parent) ? parent : undefined) ?? /\/question\/(\d+)/.exec(sourceUrl)?.[1] ?? '';
}
