/** Reads and deletes of posts. Only src/storage talks to Dexie. */
import { bumpCounter } from './commit';
import { db, strictDb, type ZhihuOfflineDB } from './db';
import { dropUnreferencedImages } from './images';
import type { ZhihuStateRow } from './watch-types';
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
  /** What the watch last learned about it on Zhihu (issue #17); absent in undo data from before v7. */
  zhihuState?: ZhihuStateRow | undefined;
}

const DELETE_TABLES = (d: ZhihuOfflineDB) => [d.posts, d.contents, d.texts, d.sigs, d.postImages, d.revisions, d.annotations, d.comments, d.commentSets, d.zhihuStates, d.counters];

/** Groups rows by their post key. */
function byKey<T extends { key: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.key);
    if (list) list.push(r);
    else out.set(r.key, [r]);
  }
  return out;
}

/**
 * Deletes posts (without their images); returns what is needed to undo. One bulk request per store
 * for all the keys: a request per store and post took ~5 ms a post (5 s for 1,000, issue #18).
 */
export async function deletePosts(keys: readonly PostKey[]): Promise<DeletedPost[]> {
  const d = strictDb();
  return d.transaction('rw', DELETE_TABLES(d), async () => {
    const posts = (await d.posts.bulkGet([...new Set(keys)])).filter((p): p is PostRow => p !== undefined);
    const present = posts.map((p) => p.key);
    if (!present.length) return [];
    const [contents, texts, annotations, commentSets, zhihuStates, refs, revisions, comments] = await Promise.all([
      d.contents.bulkGet(present),
      d.texts.bulkGet(present),
      d.annotations.bulkGet(present),
      d.commentSets.bulkGet(present),
      d.zhihuStates.bulkGet(present),
      d.postImages.where('key').anyOf(present).toArray().then(byKey),
      d.revisions.where('key').anyOf(present).toArray().then(byKey),
      d.comments.where('key').anyOf(present).toArray().then(byKey),
    ]);
    const out: DeletedPost[] = posts.map((post, i) => ({
      post,
      content: contents[i],
      text: texts[i],
      refs: refs.get(post.key) ?? [],
      revisions: revisions.get(post.key) ?? [],
      annotation: annotations[i],
      comments: comments.get(post.key) ?? [],
      commentSet: commentSets[i],
      zhihuState: zhihuStates[i],
    }));
    await Promise.all([
      ...[d.posts, d.contents, d.texts, d.sigs, d.annotations, d.commentSets, d.zhihuStates].map((t) => t.bulkDelete(present)),
      d.comments.where('key').anyOf(present).delete(),
      d.postImages.where('key').anyOf(present).delete(),
      d.revisions.where('key').anyOf(present).delete(),
    ]);
    await bumpCounter(-out.length, d);
    return out;
  });
}

export async function restorePosts(deleted: readonly DeletedPost[]): Promise<void> {
  const d = strictDb();
  await d.transaction('rw', DELETE_TABLES(d), async () => {
    const there = await d.posts.bulkGet(deleted.map((x) => x.post.key));
    const added = there.filter((p) => p === undefined).length;
    const texts = deleted.flatMap((x) => (x.text ? [x.text] : []));
    await Promise.all([
      d.posts.bulkPut(deleted.map((x) => x.post)),
      d.contents.bulkPut(deleted.flatMap((x) => (x.content ? [x.content] : []))),
      d.texts.bulkPut(texts),
      // The signature is made again from the text rather than kept in the undo record: same bytes, less memory.
      d.sigs.bulkPut(texts.map((t) => sigRow(t.key, t.text))),
      d.postImages.bulkPut(deleted.flatMap((x) => x.refs)),
      d.revisions.bulkPut(deleted.flatMap((x) => x.revisions)),
      d.annotations.bulkPut(deleted.flatMap((x) => (x.annotation ? [x.annotation] : []))),
      d.comments.bulkPut(deleted.flatMap((x) => x.comments)),
      d.commentSets.bulkPut(deleted.flatMap((x) => (x.commentSet ? [x.commentSet] : []))),
      d.zhihuStates.bulkPut(deleted.flatMap((x) => (x.zhihuState ? [x.zhihuState] : []))),
    ]);
    if (added) await bumpCounter(added, d);
  });
}

/** After an undo window closes: free the blobs that no post uses any more. */
export async function purgeImagesOf(deleted: readonly DeletedPost[]): Promise<number> {
  const d = db();
  const urls = deleted.flatMap((x) => x.refs.map((r) => r.url));
  return d.transaction('rw', d.images, d.postImages, d.outbox, () => dropUnreferencedImages(urls));
}
