/**
 * One normalizer for Zhihu entities, whether they come from js-initialData (camelCase) or from
 * the API (snake_case): metadata plus the body container (docs/zhihu-format.md §1.3, §2, §3).
 */
import type { HtmlParser } from './clean/inert';
import { parseHttps } from './clean/urls';
import { videoFigure } from './clean/video';
import { entityAuthor, entityCreated, entityIncomplete, entityTopics, entityUpdated, ANONYMOUS } from './entity-meta';
import type { ItemMeta } from './item';
import { asObject, field, num, str, type JsonObject } from './initial-data';
import type { ItemKind } from './types';

const ID = /^\d{1,25}$/;

export function answerMeta(e: JsonObject, sourceUrl: string): ItemMeta | null {
  const id = str(e.id);
  if (!ID.test(id)) return null;
  const q = asObject(e.question);
  const qid = str(q?.id);
  const title = str(q?.title);
  return {
    ...common(e, 'answer', id, sourceUrl),
    url: ID.test(qid) ? `https://www.zhihu.com/question/${qid}/answer/${id}` : `https://www.zhihu.com/answer/${id}`,
    title,
    question: ID.test(qid) ? { id: qid, url: `https://www.zhihu.com/question/${qid}`, title } : null,
    topics: entityTopics(q),
    createdAt: entityCreated(e, 'answer'),
    updatedAt: entityUpdated(e, 'answer'),
    voteCount: num(field(e, 'voteupCount')),
  };
}

export function articleMeta(e: JsonObject, sourceUrl: string): ItemMeta | null {
  const id = str(e.id);
  if (!ID.test(id)) return null;
  return {
    ...common(e, 'article', id, sourceUrl),
    url: `https://zhuanlan.zhihu.com/p/${id}`,
    title: str(e.title),
    question: null,
    topics: entityTopics(e),
    createdAt: entityCreated(e, 'article'),
    updatedAt: entityUpdated(e, 'article'),
    voteCount: num(field(e, 'voteupCount')),
  };
}

function common(e: JsonObject, kind: ItemKind, id: string, sourceUrl: string) {
  const reason = entityIncomplete(e);
  return {
    kind,
    id,
    author: entityAuthor(e) ?? { name: ANONYMOUS, url: '', avatar: '', headline: '' },
    commentCount: num(field(e, 'commentCount')),
    // Not Zhihu's `excerpt`: an answer rendered on a page (captured from the DOM, which has no excerpt) must
    // be the same record as the same answer from the API, so every path derives it from the body (item.ts).
    excerpt: '',
    complete: reason === null,
    incompleteReason: reason,
    sourceUrl,
  };
}

/**
 * The body of an answer or article entity, or null when it has none. Video answers have an
 * empty `content`: the video is in `attachment` (question-267402879.html).
 */
export function entityBody(e: JsonObject, itemUrl: string, parse: HtmlParser): HTMLElement | null {
  // Only a string is HTML: a malformed entity's number or object is no body.
  const html = typeof e.content === 'string' ? e.content : '';
  if (html.trim()) return parse(html);
  const attachment = asObject(e.attachment);
  if (str(attachment?.type) !== 'video') return null;
  const video = asObject(attachment?.video);
  const info = asObject(field(video, 'videoInfo'));
  const zvideo = str(field(video, 'zvideoId'));
  const body = parse('');
  body.append(
    videoFigure(body.ownerDocument, {
      poster: parseHttps(str(info?.thumbnail))?.href ?? null,
      // Playlist URLs expire within hours; the Zhihu page is the lasting link.
      href: ID.test(zvideo) ? `https://www.zhihu.com/zvideo/${zvideo}` : itemUrl,
      title: str(video?.title),
    }),
  );
  return body;
}
