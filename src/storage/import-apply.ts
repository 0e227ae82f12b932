/**
 * Applies a validated import (issue #6) so that on any error the library is as it was:
 *  1. images first, 20 per transaction (perf-limits.md: ~85 MB/s), yielding to the event loop
 *     between chunks — a long Blob-writing loop failed at ~500 MiB because GC never ran. They
 *     may come as a stream (a backup's images read from the file one at a time and verified as
 *     they are read): at most one chunk of them is held, and a bad one fails the import here;
 *  2. then ONE transaction that plans against the stored rows (planImport: keep the newer,
 *     the other becomes a revision) and writes posts, contents, search texts, image refs,
 *     revisions, annotations and the counter.
 * An image stored in step 1 is harmless until a post refers to it; when step 2 fails (or
 * skips posts) the new images nobody refers to are dropped again.
 */
import type { BackupPost, Revision } from '../backup/format';
import { planImport } from '../import/plan';
import type { ImportReport } from '../import/result';
import { bumpCounter } from './commit';
import { db } from './db';
import { dropUnreferencedImages, whileImporting } from './images';
import { imageRefUrls } from './image-refs';
import { searchRow } from './plain-text';
import type { PostKey, PostRow, RevisionRow } from './types';

export const IMAGE_CHUNK = 20;

export interface IncomingImage {
  url: string;
  type: string;
  storedAt: number;
  bytes: Uint8Array;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** Images written so far (the slow part of a big import). */
  onImages?: (done: number, total: number) => void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Images to store: `total` of them, read as they are written. */
export interface IncomingImages {
  total: number;
  items: AsyncIterable<IncomingImage> | Iterable<IncomingImage>;
}

const atHand = (images: readonly IncomingImage[]): IncomingImages => ({ total: images.length, items: images });

/** `items` IMAGE_CHUNK at a time, reading the next one only when a chunk is asked for. */
async function* chunksOf(items: IncomingImages['items']): AsyncGenerator<IncomingImage[]> {
  let part: IncomingImage[] = [];
  for await (const item of items) {
    part.push(item);
    if (part.length === IMAGE_CHUNK) {
      yield part;
      part = [];
    }
  }
  if (part.length) yield part;
}

/** Writes the images not stored yet; returns the URLs it added (so a failure can drop them). */
async function storeNewImages(images: IncomingImages, options: ApplyOptions): Promise<string[]> {
  const d = db();
  const added: string[] = [];
  let done = 0;
  try {
    options.signal?.throwIfAborted();
    for await (const part of chunksOf(images.items)) {
      options.signal?.throwIfAborted();
      await d.transaction('rw', d.images, async () => {
        const have = new Set(await d.images.where('url').anyOf(part.map((p) => p.url)).primaryKeys());
        const fresh = part.filter((p) => !have.has(p.url));
        await d.images.bulkPut(fresh.map((p) => ({ url: p.url, blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type }), type: p.type, size: p.bytes.length, storedAt: p.storedAt })));
        added.push(...fresh.map((p) => p.url));
      });
      done += part.length;
      options.onImages?.(done, images.total);
      await tick();
    }
  } catch (e) {
    await dropImages(added);
    throw e;
  }
  return added;
}

async function dropImages(urls: readonly string[]): Promise<void> {
  if (!urls.length) return;
  const d = db();
  await d.transaction('rw', d.images, d.postImages, d.outbox, () => dropUnreferencedImages(urls));
}

const toRevision = (r: RevisionRow): Revision => ({ key: r.key, savedAt: r.savedAt, replacedAt: r.replacedAt, title: r.title, content: r.content, updatedAt: r.updatedAt });

/** The stored versions of `keys`, in the backup shape planImport compares. Inside the write transaction. */
async function existingPosts(keys: readonly PostKey[]): Promise<Map<string, BackupPost>> {
  const d = db();
  const rows = await d.posts.bulkGet([...keys]);
  const present = rows.filter((r): r is PostRow => r !== undefined);
  const at = present.map((r) => r.key);
  const [contents, notes, revisions] = await Promise.all([d.contents.bulkGet(at), d.annotations.bulkGet(at), d.revisions.where('key').anyOf(at).toArray()]);
  const map = new Map<string, BackupPost>();
  present.forEach((row, i) => {
    const post: BackupPost = { ...row, content: contents[i]?.content ?? '' };
    const own = revisions.filter((r) => r.key === row.key).map(toRevision);
    if (own.length) post.revisions = own;
    const note = notes[i];
    if (note?.tags.length) post.tags = note.tags;
    if (note?.note) post.note = note.note;
    map.set(row.key, post);
  });
  return map;
}

async function writePost(post: BackupPost, existed: boolean): Promise<void> {
  const d = db();
  const { content, revisions, tags, note, ...row } = post;
  const meta = existed && revisions ? { ...row.meta, revisionCount: revisions.length } : row.meta;
  await d.posts.put({ ...row, meta });
  await d.contents.put({ key: row.key, content });
  await d.texts.put(searchRow(row.key, row.title, row.author, content));
  await d.postImages.where('key').equals(row.key).delete();
  await d.postImages.bulkPut(imageRefUrls(row.meta).map((url) => ({ key: row.key, url })));
  await d.revisions.where('key').equals(row.key).delete();
  const rows: RevisionRow[] = (revisions ?? []).map((r) => ({ key: row.key, savedAt: r.savedAt, replacedAt: r.replacedAt ?? r.savedAt, title: r.title, content: r.content, updatedAt: r.updatedAt ?? null }));
  await d.revisions.bulkAdd(rows);
  if (tags?.length || note) await d.annotations.put({ key: row.key, tags: tags ?? [], note: note ?? '' });
}

async function commitAll(posts: readonly BackupPost[]): Promise<ImportReport> {
  const d = db();
  return d.transaction('rw', [d.posts, d.contents, d.texts, d.postImages, d.revisions, d.annotations, d.counters], async () => {
    const existing = await existingPosts(posts.map((p) => p.key));
    const plan = planImport(posts, existing);
    for (const post of plan.put) await writePost(post, existing.has(post.key));
    const created = plan.put.filter((p) => !existing.has(p.key)).length;
    if (created) await bumpCounter(created);
    return plan.report;
  });
}

/**
 * All or nothing: resolves with the report, or rejects with the library unchanged. The images
 * stored before the commit are referenced by nothing until it: the orphan sweep waits meanwhile.
 */
export function applyImport(posts: readonly BackupPost[], images: readonly IncomingImage[] | IncomingImages, options: ApplyOptions = {}): Promise<ImportReport> {
  return whileImporting(async () => {
    const added = await storeNewImages('total' in images ? images : atHand(images), options);
    let report: ImportReport;
    try {
      options.signal?.throwIfAborted();
      report = await commitAll(posts);
    } catch (e) {
      await dropImages(added);
      throw e;
    }
    // Images of posts the plan skipped are referenced by nothing: do not keep them.
    await dropImages(added);
    return report;
  });
}
