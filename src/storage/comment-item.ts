/** A stored comment row as the portable item (no post key, no seq: the order is the list's). Dexie-free, for the rescue read too. */
import type { CommentItem, CommentRow } from './types';

export function commentItem(r: CommentRow): CommentItem {
  return { id: r.id, rootId: r.rootId, replyToId: r.replyToId, replyTo: r.replyTo, author: { name: r.author.name, url: r.author.url }, createdAt: r.createdAt, likes: r.likes, html: r.html, replyCount: r.replyCount };
}
