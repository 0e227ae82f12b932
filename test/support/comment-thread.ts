// A comment thread as a save stores it: the SYNTHETIC pages of the e2e server's comment routes (built around
// the REAL comment object in test/fixtures/zhihu), read by the real reader and collector.
import path from 'node:path';
import { collectComments } from '../../src/background/comments/collect';
import { classifyResponse } from '../../src/background/zhihu-response';
import type { CommentThread } from '../../src/storage/types';
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
