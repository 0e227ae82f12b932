/** The save pipeline: validated capture → images → one atomic write. */
import type { CapturedItem } from '../extract/types';
import type { SaveResult } from '../messaging/protocol';
import { savePost } from '../storage/posts';
import { toPostRow } from '../storage/seed-shape';
import type { ImageRow } from '../storage/types';
import { fetchImage, mapLimit } from './fetch-image';

const IMAGE_CONCURRENCY = 4;

export async function saveCapture(item: CapturedItem, now = Date.now()): Promise<SaveResult> {
  const fetched = await mapLimit(item.images, IMAGE_CONCURRENCY, async (url) => {
    try {
      const blob = await fetchImage(url);
      return { url, blob, type: blob.type, size: blob.size, storedAt: now } satisfies ImageRow;
    } catch (e) {
      console.warn('[zhihu-offline] image not saved', e instanceof Error ? e.message : e);
      return null;
    }
  });
  const images = fetched.filter((r): r is ImageRow => r !== null);
  const missing = item.images.filter((u) => !images.some((r) => r.url === u));
  const row = toPostRow(item, now, missing);
  await savePost(row, item.contentHtml, images);
  return { key: row.key, images: item.images.length, missingImages: missing.length, complete: item.complete, incompleteReason: item.incompleteReason };
}
