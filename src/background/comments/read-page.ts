/**
 * Reads one page of Zhihu's comment API (comment_v5, the API zhihu.com's own comment panel calls)
 * into saved comments and the link to the next page. Pure: JSON in, plain data out.
 *
 * Root comments: `/api/v4/comment_v5/<answers|articles|pins>/<id>/root_comment`, each carrying its
 * first replies inline (`child_comments`) and `child_comment_count`; the rest of a root's replies:
 * `/api/v4/comment_v5/comment/<root id>/child_comment`. Both page by `paging.next` until `paging.is_end`
 * (docs/zhihu-format.md): we follow Zhihu's link and never build a cursor. The objects are untrusted:
 * anything malformed is left out, and the HTML is kept as text for the sanitizer at render.
 */
import type { ItemKind } from '../../extract/types';
import type { CommentItem } from '../../storage/types';
import { safeNextUrl } from '../batch/paging';

type Obj = Record<string, unknown>;

export interface CommentPage {
  comments: CommentItem[];
  /** Per root comment in this page: its inline replies (already in `comments`) are fewer than it has. */
  moreReplies: string[];
  /** null when `is_end` said this was the last page. */
  next: string | null;
  /** `counts.total_counts` (root + replies) when Zhihu says it. */
  total: number | null;
}

/** Bounds on what one comment may hold; Zhihu's own limit is far below these. */
export const COMMENT_LIMITS = { html: 100_000, name: 200, url: 4_096 } as const;

const PLURAL: Record<ItemKind, string> = { answer: 'answers', article: 'articles', pin: 'pins' };

/** The first root-comment page of an item, as zhihu.com's comment panel asks for it. */
export function rootCommentsUrl(kind: ItemKind, id: string): string {
  return `https://www.zhihu.com/api/v4/comment_v5/${PLURAL[kind]}/${encodeURIComponent(id)}/root_comment?order_by=score&limit=20&offset=`;
}

/** The first page of a root comment's replies. */
export function childCommentsUrl(rootId: string): string {
  return `https://www.zhihu.com/api/v4/comment_v5/comment/${encodeURIComponent(rootId)}/child_comment?order_by=ts&limit=20&offset=`;
}

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && /^\d{1,25}$/.test(v) ? v : typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : null);
const count = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);
const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

function httpsUrl(v: unknown): string {
  if (typeof v !== 'string' || v.length > COMMENT_LIMITS.url) return '';
  try {
    return new URL(v).protocol === 'https:' ? v : '';
  } catch {
    return '';
  }
}

/** A people URL: the API's own `url` is an api/v4 link, so the page link is built from `url_token` when there is one. */
function authorOf(v: unknown): CommentItem['author'] {
  const a = obj(v) ?? {};
  const token = typeof a.url_token === 'string' && /^[\w-]{1,100}$/.test(a.url_token) ? a.url_token : null;
  return { name: text(a.name, COMMENT_LIMITS.name), url: token ? `https://www.zhihu.com/people/${token}` : httpsUrl(a.url) };
}

/** One comment object; null when it is not one (no id, deleted, or no text). `rootId` is null for a root. */
export function readComment(v: unknown, rootId: string | null): CommentItem | null {
  const c = obj(v);
  const id = idOf(c?.id);
  if (!c || !id || c.is_delete === true || typeof c.content !== 'string' || c.content.length > COMMENT_LIMITS.html) return null;
  const replyId = idOf(c.reply_comment_id);
  const replyToAuthor = obj(obj(c.reply_to_author)?.member) ?? obj(c.reply_to_author);
  const created = typeof c.created_time === 'number' && Number.isFinite(c.created_time) && c.created_time > 0 ? Math.round(c.created_time * 1000) : null;
  return {
    id,
    rootId,
    // A reply to the root itself says so with the root's id (or "0"): only a reply to another reply names someone.
    replyToId: rootId && replyId && replyId !== rootId ? replyId : null,
    replyTo: rootId && replyToAuthor ? text(replyToAuthor.name, COMMENT_LIMITS.name) || null : null,
    author: authorOf(c.author),
    createdAt: created,
    likes: count(c.like_count ?? c.vote_count),
    html: c.content,
    replyCount: rootId ? 0 : count(c.child_comment_count),
  };
}

function pagingOf(body: Obj): { next: string | null } | null {
  const paging = obj(body.paging);
  if (!paging) return null;
  if (paging.is_end === true) return { next: null };
  const next = safeNextUrl(paging.next);
  return next === null ? null : { next };
}

function totalOf(body: Obj): number | null {
  const counts = obj(body.counts);
  const t = counts?.total_counts ?? body.common_counts;
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0 ? t : null;
}

/** A root-comment page: each root followed by its inline replies. null: not a comment page. */
export function readRootPage(json: unknown): CommentPage | null {
  const body = obj(json);
  const paging = body && Array.isArray(body.data) ? pagingOf(body) : null;
  if (!body || !paging) return null;
  const comments: CommentItem[] = [];
  const moreReplies: string[] = [];
  for (const entry of body.data as unknown[]) {
    const root = readComment(entry, null);
    if (!root) continue;
    comments.push(root);
    const inline = obj(entry)?.child_comments;
    const replies = Array.isArray(inline) ? inline.map((r) => readComment(r, root.id)).filter((r): r is CommentItem => r !== null) : [];
    comments.push(...replies);
    // child_comment_next_offset can be null while more replies exist: compare the counts instead.
    if (root.replyCount > replies.length) moreReplies.push(root.id);
  }
  return { comments, moreReplies, next: paging.next, total: totalOf(body) };
}

/** A child-comment page of `rootId`'s replies. null: not a comment page. */
export function readChildPage(json: unknown, rootId: string): CommentPage | null {
  const body = obj(json);
  const paging = body && Array.isArray(body.data) ? pagingOf(body) : null;
  if (!body || !paging) return null;
  const comments = (body.data as unknown[]).map((r) => readComment(r, rootId)).filter((r): r is CommentItem => r !== null);
  return { comments, moreReplies: [], next: paging.next, total: null };
}
