/**
 * The stored images a post keeps alive: the ones in its content and its author's avatar. Every
 * writer of `postImages` uses this, so a delete frees exactly what the post alone used and the
 * backup (which follows these references) carries the avatar too.
 */
import type { OutboxRow, PostMeta } from './types';

export function imageRefUrls(meta: Pick<PostMeta, 'images' | 'authorInfo'>): string[] {
  return [...new Set([...meta.images, meta.authorInfo.avatar].filter(Boolean))];
}

/** The images a queued job may store: its item's images and avatar, or a retry's pending list. */
export function jobImageUrls(job: Pick<OutboxRow, 'item' | 'pending'>): string[] {
  return job.item ? [...job.item.images, job.item.author.avatar].filter(Boolean) : [...job.pending];
}
