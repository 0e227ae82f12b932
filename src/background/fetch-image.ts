/** Image downloads from zhimg: no Referer (zhimg refuses foreign ones), no cookies, bounded time. */
import { isZhimgUrl } from '../extract/clean/urls';

// A service worker's fetch is killed after ~30 s; give up first and retry later instead.
const TIMEOUT_MS = 25_000;
const MAX_BYTES = 50 * 1024 * 1024;

export class ImageFetchError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`image ${url}: ${reason}`);
  }
}

export async function fetchImage(url: string): Promise<Blob> {
  if (!isZhimgUrl(url)) throw new ImageFetchError(url, 'not a zhimg URL');
  const res = await fetch(url, {
    referrerPolicy: 'no-referrer',
    credentials: 'omit',
    cache: 'default',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).catch((e: unknown) => {
    throw new ImageFetchError(url, e instanceof Error ? e.name : 'network');
  });
  if (!res.ok) throw new ImageFetchError(url, `HTTP ${res.status}`);
  const blob = await res.blob();
  if (blob.size === 0 || blob.size > MAX_BYTES) throw new ImageFetchError(url, `size ${blob.size}`);
  if (blob.type && !blob.type.startsWith('image/')) throw new ImageFetchError(url, `type ${blob.type}`);
  return blob;
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
