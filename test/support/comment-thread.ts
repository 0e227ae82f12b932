// A comment thread as a save stores it: the SYNTHETIC pages of the e2e server's comment routes (built around
// the REAL comment object in test/fixtures/zhihu), read by the real reader and collector. Plus hostile comments.
import path from 'node:path';
import { collectComments } from '../../src/background/comments/collect';
import { classifyResponse } from '../../src/background/zhihu-response';
import type { CommentItem, CommentThread } from '../../src/storage/types';
import { createCommentApi } from '../../e2e/support/comment-routes';

const dir = path.resolve(import.meta.dirname, '../fixtures/zhihu');

export async function savedThread(answerId = '2916374892', cap = 500): Promise<CommentThread> {
  const api = createCommentApi(dir);
  return collectComments('answer', answerId, cap, null, {
    request: async (url) => {
      const a = api.answer(new URL(url))!;
      return classifyResponse(a.status, a.type, a.body);
    },
    sleep: async () => undefined,
    now: () => 1_700_000_000_000,
  });
}

/** A thread whose comment bodies and names are attack vectors. */
export function hostileThread(vectors: readonly string[]): CommentThread {
  const items: CommentItem[] = vectors.map((html, i) => ({
    id: String(900_000 + i),
    rootId: i % 2 === 1 ? String(900_000 + i - 1) : null,
    replyToId: null,
    replyTo: i % 2 === 1 ? '<img src=x onerror=alert(1)>' : null,
    author: { name: `<script>alert(${i})</script>`, url: '' },
    createdAt: 1_700_000_000_000,
    likes: i,
    html,
    replyCount: 0,
  }));
  return { state: 'complete', reason: null, total: items.length, kept: items.length, fetchedAt: 1_700_000_000_000, items };
}
