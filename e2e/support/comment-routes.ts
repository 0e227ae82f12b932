// The comment API zhihu.com's own comment panel calls (comment_v5), as the fixture server answers it (issue #17).
//
// SYNTHETIC PAGES around a REAL object: no whole comment_v5 page is public (test/fixtures/zhihu/SOURCES.md). Every
// comment served is a copy of the real root comment in api-comment-v5-object-redacted.json with only its id, content,
// time, likes, author name and reply fields changed; the envelopes (`data`, cursor `paging.next` / `is_end`,
// `counts.total_counts`) are ours, in the shape tools that call the API report.
//
// Any answer, article or pin gets the same thread, 52 comments in all:
//   - 25 root comments on 2 pages (20 + 5), the first page's `next` given as `http://`, as Zhihu has been seen to do;
//   - root 1 has 25 replies: 3 inline, the rest on 2 child_comment pages (20 + 5; the inline 3 come again, as Zhihu does);
//     reply 2 answers reply 1 (`reply_comment_id`, `reply_to_author`);
//   - root 2 has 2 replies, both inline (no child page is asked for).
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Obj = Record<string, unknown>;

export const COMMENT_ROOTS = 25;
export const COMMENT_REPLIES_OF_FIRST = 25;
export const COMMENT_TOTAL = COMMENT_ROOTS + COMMENT_REPLIES_OF_FIRST + 2;
const PAGE = 20;
const INLINE = 3;

/** A refused comment API: the anti-bot page, a 403 with 40362, or a plain 500. */
export type CommentRefusal = 'antibot' | '40362' | '500';

export interface CommentAnswer {
  status: number;
  type: string;
  body: string;
}

export interface CommentApi {
  answer(url: URL): CommentAnswer | null;
  /** Every comment request from now on gets this refusal (null: answer again). */
  refuse(kind: CommentRefusal | null): void;
  /** Comment requests answered so far (URL path + query). */
  readonly requests: readonly string[];
}

/** The comment objects of the thread of `owner` (an item id), built from the real object. */
export function commentThreadObjects(fixturesDir: string, owner: string): { roots: Obj[]; repliesOf: Map<string, Obj[]> } {
  const real = JSON.parse(readFileSync(path.join(fixturesDir, 'api-comment-v5-object-redacted.json'), 'utf8')) as Obj;
  const realAuthor = real.author as Obj;
  const base = Number(BigInt(owner) % 1_000_000n) * 1_000;
  const comment = (n: number, rootId: string | null, text: string, extra: Obj = {}): Obj => {
    const id = String(11_253_652_875 + base + n);
    return {
      ...real,
      id,
      url: `https://www.zhihu.com/api/v4/comment_v5/comments/${id}`,
      content: n === 0 ? real.content : `<p>${text}</p>`,
      created_time: (real.created_time as number) + n * 60,
      like_count: n === 0 ? real.like_count : (n * 7) % 50,
      reply_comment_id: rootId ?? '0',
      reply_root_comment_id: rootId ?? id,
      author: { ...realAuthor, name: `脱敏用户${String(n).padStart(3, '0')}`, url_token: `redacted-person-token-${n}` },
      child_comment_count: 0,
      child_comments: [],
      ...extra,
    };
  };
  const roots: Obj[] = [];
  const repliesOf = new Map<string, Obj[]>();
  for (let i = 0; i < COMMENT_ROOTS; i++) roots.push(comment(i, null, `第 ${i + 1} 条评论`));
  const first = roots[0]!;
  const firstId = String(first.id);
  const replies: Obj[] = [];
  for (let j = 0; j < COMMENT_REPLIES_OF_FIRST; j++) {
    const prev = replies[j - 1];
    const extra: Obj = j === 1 && prev ? { reply_comment_id: prev.id, reply_to_author: { ...realAuthor, name: (prev.author as Obj).name } } : {};
    replies.push(comment(100 + j, firstId, `第 1 条评论的第 ${j + 1} 条回复`, extra));
  }
  repliesOf.set(firstId, replies);
  const second = roots[1]!;
  const secondReplies = [comment(200, String(second.id), '第 2 条评论的第 1 条回复'), comment(201, String(second.id), '第 2 条评论的第 2 条回复')];
  repliesOf.set(String(second.id), secondReplies);
  for (const root of roots) {
    const own = repliesOf.get(String(root.id)) ?? [];
    root.child_comment_count = own.length;
    root.child_comments = own.slice(0, INLINE);
    root.child_comment_next_offset = own.length > INLINE ? `${String(root.created_time)}_${String(own[INLINE - 1]!.id)}_0` : null;
  }
  return { roots, repliesOf };
}

/** `offset` is an index here (Zhihu's is an opaque cursor): only the server reads it. */
function page(data: Obj[], at: number, url: URL, total: number | null, httpNext: boolean): Obj {
  const slice = data.slice(at, at + PAGE);
  const isEnd = at + PAGE >= data.length;
  const next = new URL(url.href);
  next.searchParams.set('offset', `cursor_${at + PAGE}`);
  const nextHref = httpNext ? next.href.replace(/^https:/, 'http:') : next.href;
  return {
    data: slice,
    paging: { is_end: isEnd, is_start: at === 0, next: nextHref, previous: '', totals: data.length },
    ...(total === null ? {} : { counts: { total_counts: total, collapsed_counts: 0, reviewing_counts: 0 } }),
  };
}

const ROOT = /^\/api\/v4\/comment_v5\/(answers|articles|pins)\/(\d{1,25})\/root_comment$/;
const CHILD = /^\/api\/v4\/comment_v5\/comment\/(\d{1,25})\/child_comment$/;

export function createCommentApi(fixturesDir: string): CommentApi {
  let refusal: CommentRefusal | null = null;
  const requests: string[] = [];
  const threads = new Map<string, ReturnType<typeof commentThreadObjects>>();
  const threadOf = (owner: string) => {
    let t = threads.get(owner);
    if (!t) threads.set(owner, (t = commentThreadObjects(fixturesDir, owner)));
    return t;
  };
  const json = (body: unknown, status = 200): CommentAnswer => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  const offsetOf = (url: URL): number => Number(/^cursor_(\d+)$/.exec(url.searchParams.get('offset') ?? '')?.[1] ?? 0);
  return {
    requests,
    refuse(kind) {
      refusal = kind;
    },
    answer(url) {
      const root = ROOT.exec(url.pathname);
      const child = CHILD.exec(url.pathname);
      if (!root && !child) return null;
      requests.push(`${url.pathname}${url.search}`);
      if (refusal === 'antibot') return { status: 200, type: 'text/html; charset=utf-8', body: readFileSync(path.join(fixturesDir, 'antibot-zse-ck-challenge.html'), 'utf8') };
      if (refusal === '40362') return { status: 403, type: 'application/json; charset=utf-8', body: readFileSync(path.join(fixturesDir, 'api-error-40362-short.json'), 'utf8') };
      if (refusal === '500') return { status: 500, type: 'text/plain', body: 'server error' };
      if (root) {
        const { roots } = threadOf(root[2]!);
        const at = offsetOf(url);
        return json(page(roots, at, url, COMMENT_TOTAL, at === 0));
      }
      for (const t of threads.values()) {
        const replies = t.repliesOf.get(child![1]!);
        if (replies) return json(page(replies, offsetOf(url), url, null, false));
      }
      return json({ data: [], paging: { is_end: true, next: '' } });
    },
  };
}
