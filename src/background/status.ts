/** Answers "is this post saved yet?" — asked by a tab whose save reply was lost with a stopped worker. */
import type { SaveStatus } from '../messaging/protocol';
import { getPost } from '../storage/posts';
import type { PostKey } from '../storage/types';
import { isSavePending } from './queue';

export async function saveStatus(key: PostKey): Promise<SaveStatus> {
  if (await isSavePending(key)) return { state: 'pending', result: null };
  const post = await getPost(key);
  if (!post) return { state: 'unknown', result: null };
  const m = post.meta;
  return { state: 'saved', result: { key, images: m.images.length, missingImages: m.missingImages.length, complete: m.complete, incompleteReason: m.incompleteReason } };
}
