/** Reads and writes of posts. Only this folder talks to Dexie. */
import { db } from './db';
import type { FullPost, ImageRow, PostKey, PostRow } from './types';

/** Post, content and image blobs in one transaction: a post is never half-written. */
export async function savePost(row: PostRow, content: string, images: ImageRow[]): Promise<void> {
  const d = db();
  await d.transaction('rw', d.posts, d.contents, d.images, async () => {
    await d.images.bulkPut(images);
    await d.contents.put({ key: row.key, content });
    await d.posts.put(row);
  });
}

export async function recentPosts(limit: number): Promise<PostRow[]> {
  return db().posts.orderBy('meta.savedAt').reverse().limit(limit).toArray();
}

export async function countPosts(): Promise<number> {
  return db().posts.count();
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

export async function getImages(urls: string[]): Promise<Map<string, Blob>> {
  const rows = await db().images.bulkGet(urls);
  const map = new Map<string, Blob>();
  rows.forEach((r, i) => {
    const url = urls[i];
    if (r && url) map.set(url, r.blob);
  });
  return map;
}
