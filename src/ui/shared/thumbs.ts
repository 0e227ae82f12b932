/** Thumbnails from stored image blobs, as object URLs made once per image and page. */
import { imageBlobs } from '../../storage/library-raw';

const cache = new Map<string, string | null>();

export async function thumbUrls(urls: readonly string[]): Promise<void> {
  const missing = [...new Set(urls)].filter((u) => u && !cache.has(u));
  if (!missing.length) return;
  const blobs = await imageBlobs(missing);
  for (const u of missing) {
    const b = blobs.get(u);
    cache.set(u, b ? URL.createObjectURL(b) : null);
  }
}

export function thumbUrl(url: string): string | null {
  return cache.get(url) ?? null;
}
