/** Reads and deletes of posts. Only src/storage talks to Dexie. */
import { bumpCounter } from './commit';
import { db, strictDb, type ZhihuOfflineDB } from './db';
import { dropUnreferencedImages } from './images';
import { sigRow } from './plain-text';
import type { AnnotationRow, CommentRow, CommentSetRow, ContentRow, FullPost, PostImageRow, PostKey, PostRow, RevisionRow, TextRow } from './types';

export { getImages } from './images';

/** A stored counter: `count()` over the posts store costs ~20–160 ms at 10k (docs/performance-notes.md §2.3). */
export async function countPosts(): Promise<number> {
  const d = db();
  const c = await d.counters.get('posts');
  return c?.value ?? d.posts.count();
}

export async function getPost(key: string): Promise<PostRow | undefined> {
  return db().posts.get(key as PostKey);
}

export async function getFullPost(key: string): Promise<FullPost | null> {
  const d = db();
  return d.transaction('r', d.posts, d.contents, async () => {
    const row = await d.posts.get(key as PostKey);
    if (!row) return null;
    const content = await d.contents.get(row.key);
    return { ...row, content: content?.content ?? '' };
  });
}

export async function listRevisions(key: string): Promise<RevisionRow[]> {
  return db().revisions.where('key').equals(key).sortBy('replacedAt');
}

/** Everything a deleted post had, so that an undo puts it back exactly. Image blobs stay until no one needs them. */
export interface DeletedPost {
  post: PostRow;
  content: ContentRow | undefined;
  text: TextRow | undefined;
  refs: PostImageRow[];
  revisions: RevisionRow[];
  annotation: AnnotationRow | undefined;
  comments: CommentRow[];
  commentSet: CommentSetRow | undefined;
}

const DELETE_TABLES = (d: ZhihuOfflineDB) => [d.posts, d.contents, d.texts, d.sigs, d.postImages, d.revisions, d.annotations, d.comments, d.commentSets, d.counters];

/** Deletes posts (without their images); returns what is needed to undo. */
export async function deletePosts(keys: readonly PostKey[]): Promise<DeletedPost[]> {
  const d = strictDb();
  return d.transaction('rw', DELETE_TABLES(d), async () => {
    const out: DeletedPost[] = [];
    for (const key of keys) {
      const post = await d.posts.get(key);
      if (!post) continue;
      out.push({
        post,
        content: await d.contents.get(key),
        text: await d.texts.get(key),
        refs: await d.postImages.where('key').equals(key).toArray(),
        revisions: await d.revisions.where('key').equals(key).toArray(),
        annotation: await d.annotations.get(key),
        comments: await d.comments.where('key').equals(key).toArray(),
        commentSet: await d.commentSets.get(key),
      });
      await Promise.all([d.posts.delete(key), d.contents.delete(key), d.texts.delete(key), d.sigs.delete(key), d.annotations.delete(key), d.commentSets.delete(key)]);
      await d.comments.where('key').equals(key).delete();
      await d.postImages.where('key').equals(key).delete();
      await d.revisions.where('key').equals(key).delete();
    }
    if (out.length) await bumpCounter(-out.length, d);
    return out;
  });
}

export async function restorePosts(deleted: readonly DeletedPost[]): Promise<void> {
  const d = strictDb();
  await d.transaction('rw', DELETE_TABLES(d), async () => {
    let added = 0;
    for (const x of deleted) {
      if (!(await d.posts.get(x.post.key))) added++;
      await d.posts.put(x.post);
      if (x.content) await d.contents.put(x.content);
      if (x.text) {
        // The signature is made again from the text rather than kept in the undo record: same bytes, less memory.
        await d.texts.put(x.text);
        await d.sigs.put(sigRow(x.text.key, x.text.text));
      }
      await d.postImages.bulkPut(x.refs);
      await d.revisions.bulkPut(x.revisions);
      if (x.annotation) await d.annotations.put(x.annotation);
      if (x.comments.length) await d.comments.bulkPut(x.comments);
      if (x.commentSet) await d.commentSets.put(x.commentSet);
    }
    if (added) await bumpCounter(added, d);
  });
}

/** After an undo window closes: free the blobs that no post uses any more. */
export async function purgeImagesOf(deleted: readonly DeletedPost[]): Promise<number> {
  const d = db();
  const urls = deleted.flatMap((x) => x.refs.map((r) => r.url));
  return d.transaction('rw', d.images, d.postImages, d.outbox, () => dropUnreferencedImages(urls));
}
