/**
 * Which list a Zhihu page shows, from its URL (issue #14), and where that list's API starts. Used by the
 * content script to offer 保存全部 and by the router to check that a tab starts only its own page's batch.
 */
import type { BatchSource } from '../storage/batch-types';

const API = 'https://www.zhihu.com/api/v4';
/** The fields the web pages ask for: without `content` Zhihu lists only excerpts. */
const CONTENT_INCLUDE = 'include=' + encodeURIComponent('data[*].content,excerpt,voteup_count,comment_count,created_time,updated_time,question');
const PEOPLE_API = { answers: 'answers', posts: 'articles', pins: 'pins' } as const;
/** zhuanlan.zhihu.com/<slug> is a column, except these first path parts. */
const NOT_COLUMNS = new Set(['p', 'write', 'drafts', 'api', 'column', 'people']);

export function sourceFromUrl(href: string): BatchSource | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (url.protocol !== 'https:') return null;
  if (url.hostname === 'zhuanlan.zhihu.com') {
    const m = /^\/([\w-]{1,100})$/.exec(path);
    return m?.[1] && !NOT_COLUMNS.has(m[1]) ? { kind: 'column', id: m[1] } : null;
  }
  if (url.hostname !== 'www.zhihu.com') return null;
  let m = /^\/question\/(\d{1,25})$/.exec(path);
  if (m?.[1]) return { kind: 'question', id: m[1] };
  m = /^\/collection\/(\d{1,25})$/.exec(path);
  if (m?.[1]) return { kind: 'collection', id: m[1] };
  m = /^\/column\/([\w-]{1,100})$/.exec(path);
  if (m?.[1]) return { kind: 'column', id: m[1] };
  m = /^\/people\/([\w-]{1,100})\/(answers|posts|pins)$/.exec(path);
  if (m?.[1] && m[2]) return { kind: 'people', id: m[1], tab: m[2] as 'answers' | 'posts' | 'pins' };
  return null;
}

export function batchIdOf(s: BatchSource): string {
  return s.kind === 'people' ? `people:${s.id}:${s.tab}` : `${s.kind}:${s.id}`;
}

export function sameSource(a: BatchSource, b: BatchSource): boolean {
  return batchIdOf(a) === batchIdOf(b);
}

/** The first API page of a list. A question's comes from its page (the `next` the page would load), never from here. */
export function firstPageUrl(s: BatchSource): string | null {
  if (s.kind === 'collection') return `${API}/collections/${s.id}/items`;
  if (s.kind === 'column') return `${API}/columns/${s.id}/items?${CONTENT_INCLUDE}`;
  if (s.kind === 'people') return `${API}/members/${s.id}/${PEOPLE_API[s.tab]}?${CONTENT_INCLUDE}`;
  return null;
}

/** A question's start link must be that question's own feeds. */
export function isQuestionFeedUrl(url: string, questionId: string): boolean {
  return url.startsWith(`${API}/questions/${questionId}/feeds?`) || url.startsWith(`${API}/questions/${questionId}/answers?`);
}
