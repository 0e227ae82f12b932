/**
 * The images an export writes (issue #6): their facts up front (manifest, file names), then
 * their bytes in order, read ahead within a memory budget while the ZIP writer works.
 */
import { db } from './db';
import { quiet } from './export-source';
import type { ImageRow, PostKey, PostRow } from './types';

/** Image rows per read transaction: docs/performance-notes.md §2.4, 20 per transaction ~85 MB/s vs 24 MB/s for 1. */
export const IMAGE_BATCH = 20;
/** Image bytes read ahead of the ZIP writer (at least one image, whatever its size). */
export const IMAGE_READ_AHEAD = 16 * 1024 * 1024;
/** Per-post queries of the images planning (a selection), as for post chunks. */
const KEYS_PER_QUERY = 200;

/** The image facts an export needs up front (manifest, file names); the blob is read later. */
export interface ExportImageInfo {
  url: string;
  type: string;
  size: number;
  storedAt: number;
}

/**
 * The stored images the posts use (by their reference rows), without reading any blob's bytes.
 * `'all'`, the whole library: both tables and the post keys are read with one request each,
 * needing no rows, so this runs alongside exportRows instead of after it (~0.5 s at 10k posts
 * + 2k images, against a query per 200 posts and a get per image).
 */
export async function exportImages(rows: readonly PostRow[] | 'all'): Promise<ExportImageInfo[]> {
  const d = db();
  const urls = new Set<string>();
  let found: (ImageRow | undefined)[];
  if (rows === 'all') {
    const [keys, refs, images] = await Promise.all([d.posts.toCollection().primaryKeys(), d.postImages.toArray(), d.images.toArray()]);
    const posts = new Set<PostKey>(keys);
    for (const ref of refs) if (posts.has(ref.key)) urls.add(ref.url);
    found = images.filter((img) => urls.has(img.url));
  } else {
    for (let i = 0; i < rows.length; i += KEYS_PER_QUERY) {
      const keys = rows.slice(i, i + KEYS_PER_QUERY).map((r) => r.key);
      for (const ref of await d.postImages.where('key').anyOf(keys).toArray()) urls.add(ref.url);
    }
    const list = [...urls];
    found = [];
    for (let i = 0; i < list.length; i += KEYS_PER_QUERY) found.push(...(await d.images.bulkGet(list.slice(i, i + KEYS_PER_QUERY))));
  }
  const out: ExportImageInfo[] = [];
  for (const img of found) if (img) out.push({ url: img.url, type: img.type, size: img.blob.size, storedAt: img.storedAt });
  return out;
}

/** One image's bytes, read when the ZIP writer reaches it. */
export async function readImageBytes(url: string): Promise<Uint8Array> {
  const row = await db().images.get(url);
  if (!row) throw new Error(`image vanished during export: ${url}`);
  return new Uint8Array(await row.blob.arrayBuffer());
}

/**
 * The bytes of `images`, in order, for a writer that takes them one after the other. Rows are
 * fetched IMAGE_BATCH per transaction (one batch ahead), and blob reads run concurrently up to
 * `budget` bytes ahead, so the disk reads overlap the writer's CRC and copying while memory
 * stays bounded. A missing image throws when its turn comes.
 *
 * Each stored Blob is read on its own and never put into another Blob: composing Blobs from
 * IndexedDB-backed ones (`new Blob([stored, …])`, to read a batch at once or to reference the
 * images from the ZIP Blob instead of copying them) got the page's renderer killed now and
 * then in Chromium 156 ("Bad blob references in BlobRegistry::Register"), issue #6.
 */
export async function* readImagesAhead(images: readonly Pick<ExportImageInfo, 'url' | 'size'>[], budget = IMAGE_READ_AHEAD): AsyncGenerator<Uint8Array> {
  const batches = new Map<number, Promise<(ImageRow | undefined)[]>>();
  const batch = (b: number): Promise<(ImageRow | undefined)[]> => {
    let rows = batches.get(b);
    if (!rows) {
      rows = quiet(db().images.bulkGet(images.slice(b * IMAGE_BATCH, (b + 1) * IMAGE_BATCH).map((i) => i.url)));
      batches.set(b, rows);
    }
    return rows;
  };
  const bytesOf = async (i: number): Promise<Uint8Array> => {
    const b = Math.floor(i / IMAGE_BATCH);
    const row = (await batch(b))[i - b * IMAGE_BATCH];
    if (!row) throw new Error(`image vanished during export: ${images[i]!.url}`);
    return new Uint8Array(await row.blob.arrayBuffer());
  };
  const queue: Promise<Uint8Array>[] = [];
  let started = 0;
  let ahead = 0;
  for (let i = 0; i < images.length; i++) {
    while (started < images.length && (started === i || ahead + images[started]!.size <= budget)) {
      const b = Math.floor(started / IMAGE_BATCH);
      if (started % IMAGE_BATCH === 0) {
        batches.delete(b - 1);
        if ((b + 1) * IMAGE_BATCH < images.length) void batch(b + 1);
      }
      queue.push(quiet(bytesOf(started)));
      ahead += images[started++]!.size;
    }
    const bytes = await queue.shift()!;
    ahead -= images[i]!.size;
    yield bytes;
  }
}
