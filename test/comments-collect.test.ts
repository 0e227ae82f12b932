// Comments (issue #17): reading comment_v5 pages and following them to the end. The object is real
// (test/fixtures/zhihu/api-comment-v5-object-redacted.json); the pages around it are SYNTHETIC, built by the
// e2e fixture server's comment routes (e2e/support/comment-routes.ts), since no whole page is public.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectComments } from '../src/background/comments/collect';
import { readComment, readRootPage, rootCommentsUrl } from '../src/background/comments/read-page';
import { classifyResponse } from '../src/background/zhihu-response';
import { COMMENT_TOTAL, createCommentApi, type CommentRefusal } from '../e2e/support/comment-routes';

const dir = path.resolve(import.meta.dirname, 'fixtures/zhihu');
const real = JSON.parse(readFileSync(path.join(dir, 'api-comment-v5-object-redacted.json'), 'utf8')) as unknown;
const ANSWER = '2916374892';

function server(refuseAt: number | null = null, kind: CommentRefusal = '40362') {
  const api = createCommentApi(dir);
  let n = 0;
  return {
    api,
    deps: {
      request: async (url: string) => {
        if (refuseAt !== null && ++n >= refuseAt) api.refuse(kind);
        const a = api.answer(new URL(url))!;
        return classifyResponse(a.status, a.type, a.body);
      },
      sleep: async () => undefined,
      now: () => 1_700_000_000_000,
    },
  };
}

describe('comment_v5 objects', () => {
  it('keeps author, time, likes and the HTML of the real root comment', () => {
    const c = readComment(real, null);
    expect(c).toEqual({
      id: '11253652875',
      rootId: null,
      replyToId: null,
      replyTo: null,
      author: { name: '脱敏用户001', url: 'https://www.zhihu.com/people/redacted-person-token-001' },
      createdAt: 1754550694000,
      likes: 37,
      html: '<p>我不在乎你其它的观点, 但是, 你骂Maven/Gradle的话, 那我们就是朋友. </p>',
      replyCount: 0,
    });
  });

  it('leaves out deleted, id-less and non-string comments, and refuses what is not a page', () => {
    expect(readComment({ ...(real as object), is_delete: true }, null)).toBeNull();
    expect(readComment({ ...(real as object), id: 'x' }, null)).toBeNull();
    expect(readComment({ ...(real as object), content: { html: 1 } }, null)).toBeNull();
    expect(readRootPage({ data: [real] })).toBeNull();
    expect(readRootPage({ data: [real], paging: { is_end: false, next: 'https://evil.example/api/v4/x' } })).toBeNull();
    expect(readRootPage({ data: [real], paging: { is_end: true } })?.comments.map((c) => c.id)).toEqual(['11253652875']);
  });
});

describe('collectComments', () => {
  it('follows root and reply pages to is_end: 52 comments, threaded, the reply to a reply named', async () => {
    const { api, deps } = server();
    const thread = await collectComments('answer', ANSWER, 500, null, deps);
    expect(thread.state).toBe('complete');
    expect(thread.reason).toBeNull();
    expect(thread.total).toBe(COMMENT_TOTAL);
    expect(thread.kept).toBe(COMMENT_TOTAL);
    expect(new Set(thread.items.map((c) => c.id)).size).toBe(COMMENT_TOTAL);
    // Root 1, then its 25 replies (3 inline + 2 child pages, the inline ones not twice), then root 2 and its 2.
    const first = thread.items[0]!;
    expect(thread.items.slice(1, 26).every((c) => c.rootId === first.id)).toBe(true);
    expect(thread.items[26]!.rootId).toBeNull();
    expect(thread.items.slice(27, 29).map((c) => c.rootId)).toEqual([thread.items[26]!.id, thread.items[26]!.id]);
    expect(thread.items.filter((c) => c.rootId === null)).toHaveLength(25);
    const second = thread.items[2]!;
    expect(second.replyToId).toBe(thread.items[1]!.id);
    expect(second.replyTo).toBe(thread.items[1]!.author.name);
    // 2 root pages (the second through an http:// next, made https) + 2 child pages of root 1; none for root 2.
    expect(api.requests.map((r) => r.replace(/\?.*/, ''))).toEqual([
      `/api/v4/comment_v5/answers/${ANSWER}/root_comment`,
      `/api/v4/comment_v5/comment/${first.id}/child_comment`,
      `/api/v4/comment_v5/comment/${first.id}/child_comment`,
      `/api/v4/comment_v5/answers/${ANSWER}/root_comment`,
    ]);
  });

  it('stops at the cap and says how many exist', async () => {
    const { deps } = server();
    const thread = await collectComments('answer', ANSWER, 30, null, deps);
    expect(thread).toMatchObject({ state: 'capped', total: COMMENT_TOTAL, kept: 30 });
    expect(thread.items).toHaveLength(30);
  });

  it('a refusal midway keeps what came before (partial), at once keeps none (missing), with the reason', async () => {
    const partial = await collectComments('answer', ANSWER, 500, null, server(3, '40362').deps);
    expect(partial).toMatchObject({ state: 'partial', reason: 'verify' });
    expect(partial.kept).toBeGreaterThan(0);
    expect(partial.kept).toBeLessThan(COMMENT_TOTAL);
    const missing = await collectComments('answer', ANSWER, 500, 7, server(1, 'antibot').deps);
    expect(missing).toMatchObject({ state: 'missing', reason: 'verify', kept: 0, total: 7, items: [] });
  });

  it('tries a 5xx three times, then says the server failed', async () => {
    const { api, deps } = server(1, '500');
    const thread = await collectComments('pin', '1', 500, null, deps);
    expect(thread).toMatchObject({ state: 'missing', reason: 'server' });
    expect(api.requests).toHaveLength(3);
    expect(rootCommentsUrl('pin', '1')).toBe('https://www.zhihu.com/api/v4/comment_v5/pins/1/root_comment?order_by=score&limit=20&offset=');
  });
});
