/**
 * Applies a validated import (issue #6) so that on any error the library is as it was:
 *  1. images first, 20 per transaction (docs/performance-notes.md §2.4: ~85 MB/s), yielding to the event loop
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
import { sniffRasterType } from '../shared/raster';
import { bumpCounter } from './commit';
import { db } from './db';
import { dropUnreferencedImages, whileImporting } from './images';
import { imageRefUrls } from './image-refs';
import { searchRow } from './plain-text';
import type { AnnotationRow, CommentRow, ContentRow, PostKey, PostRow, RevisionRow } from './types';

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

/**
 * Writes the images not stored yet; returns the URLs it added (so a failure can drop them) and those
 * it refused. Only raster bytes are stored, typed by their bytes (an SVG would be written into a
 * blog's images/ by the next export), and marked as imported, so a capture downloads its own.
 */
async function storeNewImages(images: IncomingImages, options: ApplyOptions, refused: string[]): Promise<string[]> {
  const d = db();
  const added: string[] = [];
  let done = 0;
  try {
    options.signal?.throwIfAborted();
    for await (const part of chunksOf(images.items)) {
      options.signal?.throwIfAborted();
      await d.transaction('rw', d.images, async () => {
        const have = new Set(await d.images.where('url').anyOf(part.map((p) => p.url)).primaryKeys());
        const fresh = part.flatMap((p) => {
          if (have.has(p.url)) return [];
          const type = sniffRasterType(p.bytes);
          if (type === null) refused.push(p.url);
          return type === null ? [] : [{ url: p.url, blob: new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type }), type, size: p.bytes.length, storedAt: p.storedAt, origin: 'import' as const }];
        });
        await d.images.bulkPut(fresh);
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

/** Posts written per round of bulk requests inside the commit transaction. */
const WRITE_CHUNK = 200;

/**
 * Writes `posts` (each replacing whatever its key held: row, content, search text, image refs,
 * revisions, annotation) a chunk at a time, each chunk as a few bulk requests sent together: one
 * awaited request per store and post made the commit ~9 ms a post (92 s for a 10k-post backup).
 */
async function writePosts(posts: readonly BackupPost[], existing: ReadonlyMap<string, BackupPost>): Promise<void> {
  const d = db();
  for (let i = 0; i < posts.length; i += WRITE_CHUNK) {
    const part = posts.slice(i, i + WRITE_CHUNK);
    const keys = part.map((p) => p.key);
    const rows: PostRow[] = [];
    const contents: ContentRow[] = [];
    const revisionRows: RevisionRow[] = [];
    const notes: AnnotationRow[] = [];
    for (const post of part) {
      const { content, revisions, tags, note, ...row } = post;
      // Comments are written apart (writeComments): they never go into the post's row.
      delete row.commentThread;
      const meta = existing.has(row.key) && revisions ? { ...row.meta, revisionCount: revisions.length } : row.meta;
      rows.push({ ...row, meta });
      contents.push({ key: row.key, content });
      for (const r of revisions ?? []) revisionRows.push({ key: row.key, savedAt: r.savedAt, replacedAt: r.replacedAt ?? r.savedAt, title: r.title, content: r.content, updatedAt: r.updatedAt ?? null });
      if (tags?.length || note) notes.push({ key: row.key, tags: tags ?? [], note: note ?? '' });
    }
    await Promise.all([
      d.posts.bulkPut(rows),
      d.contents.bulkPut(contents),
      d.texts.bulkPut(part.map((p) => searchRow(p.key, p.title, p.author, p.content))),
      d.postImages.where('key').anyOf(keys).delete().then(() => d.postImages.bulkPut(part.flatMap((p) => imageRefUrls(p.meta).map((url) => ({ key: p.key, url }))))),
      d.revisions.where('key').anyOf(keys).delete().then(() => d.revisions.bulkAdd(revisionRows)),
      notes.length ? d.annotations.bulkPut(notes) : Promise.resolve(),
    ]);
  }
}

/**
 * Comments from the file (issue #17), apart from the post conflict policy: a post's comments are taken
 * when the library has none for it or older ones, whichever version of the post is kept.
 */
async function writeComments(posts: readonly BackupPost[]): Promise<void> {
  const d = db();
  const carrying = posts.filter((p) => p.commentThread);
  if (!carrying.length) return;
  const keys = carrying.map((p) => p.key);
  const [stored, present] = await Promise.all([d.commentSets.bulkGet(keys), d.posts.bulkGet(keys)]);
  const taken = carrying.filter((p, i) => present[i] !== undefined && (!stored[i] || stored[i].fetchedAt < p.commentThread!.fetchedAt));
  if (!taken.length) return;
  const takenKeys = taken.map((p) => p.key);
  await d.comments.where('key').anyOf(takenKeys).delete();
  await d.comments.bulkPut(taken.flatMap((p) => p.commentThread!.items.map((c, seq): CommentRow => ({ ...c, key: p.key, seq }))));
  await d.commentSets.bulkPut(taken.map((p) => ({ key: p.key, state: p.commentThread!.state, reason: p.commentThread!.reason, total: p.commentThread!.total, kept: p.commentThread!.kept, fetchedAt: p.commentThread!.fetchedAt })));
}

async function commitAll(posts: readonly BackupPost[]): Promise<ImportReport> {
  const d = db();
  return d.transaction('rw', [d.posts, d.contents, d.texts, d.postImages, d.revisions, d.annotations, d.comments, d.commentSets, d.counters], async () => {
    const existing = await existingPosts(posts.map((p) => p.key));
    const plan = planImport(posts, existing);
    await writePosts(plan.put, existing);
    await writeComments(posts);
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
    const refused: string[] = [];
    const added = await storeNewImages('total' in images ? images : atHand(images), options, refused);
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
    return { ...report, skipped: [...report.skipped, ...refused.map((url) => ({ name: url, reason: 'image_not_raster' }))] };
  });
}
