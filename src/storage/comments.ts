/**
 * A post's saved comments (issue #17), in their own stores: a post's row, content and search text never
 * hold them, so everything that reads posts (lists, the Hexo export) is as it was without them.
 */
import { db, strictDb } from './db';
import { commentItem } from './comment-item';
import type { CommentRow, CommentSetRow, CommentThread, PostKey } from './types';

/** Marks a fetch as begun: a worker stopped before `putComments` leaves the post saying so. */
export async function beginComments(key: PostKey, now: number): Promise<void> {
  const d = strictDb();
  await d.transaction('rw', d.commentSets, async () => {
    const old = await d.commentSets.get(key);
    await d.commentSets.put({ key, state: 'fetching', reason: 'interrupted', total: old?.total ?? null, kept: old?.kept ?? 0, fetchedAt: now });
  });
}

/**
 * Replaces a post's comments with `thread`, in one transaction. A fetch Zhihu refused at once (`missing`)
 * does not wipe comments saved earlier: they stay, and the set says the latest fetch failed.
 */
export async function putComments(key: PostKey, thread: CommentThread): Promise<void> {
  const d = strictDb();
  await d.transaction('rw', d.posts, d.comments, d.commentSets, async () => {
    // Deleted while its comments were fetched: nothing to attach them to.
    if (!(await d.posts.get(key))) return;
    const { items, ...set } = thread;
    const kept = await d.comments.where('key').equals(key).count();
    if (set.state === 'missing' && kept > 0) {
      await d.commentSets.put({ key, state: 'partial', reason: set.reason, total: set.total, kept, fetchedAt: set.fetchedAt });
      return;
    }
    await d.comments.where('key').equals(key).delete();
    await d.comments.bulkPut(items.map((c, seq): CommentRow => ({ ...c, key, seq })));
    await d.commentSets.put({ ...set, key });
  });
}

export async function getCommentSet(key: PostKey): Promise<CommentSetRow | undefined> {
  return db().commentSets.get(key);
}

/** The post's thread in order; null when comments were never asked for. */
export async function getComments(key: PostKey): Promise<CommentThread | null> {
  const d = db();
  return d.transaction('r', d.comments, d.commentSets, async () => {
    const set = await d.commentSets.get(key);
    if (!set) return null;
    const rows = await d.comments.where('key').equals(key).sortBy('seq');
    return { state: set.state, reason: set.reason, total: set.total, kept: set.kept, fetchedAt: set.fetchedAt, items: rows.map(commentItem) };
  });
}

