/**
 * Applies a validated import (issue #6, streamed since #15) so that on any error, and if its page
 * dies at any moment, the library is as it was:
 *  1. posts, a batch at a time as the file is read, into the staging area (import-stage.ts), each
 *     batch its own short transaction: memory holds one batch, never the backup;
 *  2. images, 20 per transaction (docs/performance-notes.md §2.4), yielding to the event loop between
 *     chunks — a long Blob-writing loop failed at ~500 MiB because GC never ran. They come as a
 *     stream (a backup's images read from the file one at a time and verified as they are read): at
 *     most one chunk of them is held, and a bad one fails the import here;
 *  3. then ONE transaction that reads the staged posts back a chunk at a time, plans each chunk
 *     against the stored rows (planImport: keep the newer, the other becomes a revision), writes
 *     posts, contents, search texts, image refs, revisions, annotations and comments, deletes the
 *     staged rows, and bumps the counter last.
 * A staged post or an image stored before step 3 is harmless until that commit: no post refers to
 * it. When the import fails, both go at once; when its page dies, the next start clears the stage
 * and the orphan sweep the images (images.ts).
 */
import type { BackupPost, Revision } from '../backup/format';
import { planImport } from '../import/plan';
import type { ImportReport } from '../import/result';
import { oneAhead } from '../shared/ahead';
import { sniffRasterType } from '../shared/raster';
import { bumpCounter } from './commit';
import { db } from './db';
import { dropUnreferencedImages, whileImporting } from './images';
import { dropStage, stagedPosts, stagePosts } from './import-stage';
import { imageRefUrls } from './image-refs';
import { searchRows } from './plain-text';
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
  /** Posts read, checked and staged so far. */
  onPosts?: (done: number, total: number) => void;
  /** Images written so far (the slow part of a big import). */
  onImages?: (done: number, total: number) => void;
  /** The commit has begun (one transaction: no progress inside it). */
  onCommit?: () => void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Images to store: `total` of them, read as they are written. */
export interface IncomingImages {
  total: number;
  items: AsyncIterable<IncomingImage> | Iterable<IncomingImage>;
}

const atHand = (images: readonly IncomingImage[]): IncomingImages => ({ total: images.length, items: images });

/** Posts to import: `total` of them (as far as the file says), read a batch at a time. */
export interface IncomingPosts {
  total: number;
  batches: AsyncIterable<readonly BackupPost[]> | Iterable<readonly BackupPost[]>;
}

/** Posts read, staged and committed per step. */
export const POST_CHUNK = 200;

function postsAtHand(posts: readonly BackupPost[]): IncomingPosts {
  const batches: BackupPost[][] = [];
  for (let i = 0; i < posts.length; i += POST_CHUNK) batches.push(posts.slice(i, i + POST_CHUNK));
  return { total: posts.length, batches };
}

/** A chunk also ends at this many bytes, so that the two chunks held (oneAhead) stay small whatever the images weigh. */
const IMAGE_CHUNK_BYTES = 8 * 1024 * 1024;

/** `items` IMAGE_CHUNK (or IMAGE_CHUNK_BYTES) at a time, reading the next one only when a chunk is asked for. */
async function* chunksOf(items: IncomingImages['items']): AsyncGenerator<IncomingImage[]> {
  let part: IncomingImage[] = [];
  let bytes = 0;
  for await (const item of items) {
    part.push(item);
    bytes += item.bytes.length;
    if (part.length === IMAGE_CHUNK || bytes >= IMAGE_CHUNK_BYTES) {
      yield part;
      part = [];
      bytes = 0;
    }
  }
  if (part.length) yield part;
}

async function* each<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

/**
 * Writes the images not stored yet; returns the URLs it added (so a failure can drop them) and those
 * it refused. Only raster bytes are stored, typed by their bytes (an SVG would be written into a
 * blog's images/ by the next export), and marked as imported, so a capture downloads its own.
 */
async function storeNewImages(images: IncomingImages, options: ApplyOptions, added: string[], refused: string[]): Promise<void> {
  const d = db();
  let done = 0;
  options.signal?.throwIfAborted();
  // The next chunk is read from the file and verified while this one is written.
  for await (const part of oneAhead(chunksOf(images.items))) {
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
}

/** Stages every post (step 1); returns how many. */
async function stageAll(run: string, posts: IncomingPosts, options: ApplyOptions): Promise<number> {
  let staged = 0;
  options.signal?.throwIfAborted();
  // The next batch is read, checked and cleaned while this one is written.
  for await (const batch of oneAhead(each(posts.batches))) {
    options.signal?.throwIfAborted();
    await stagePosts(run, staged, batch);
    staged += batch.length;
    options.onPosts?.(staged, Math.max(staged, posts.total));
    // A task between batches, as between image chunks: GC, and the page's progress line, get their turn.
    await tick();
  }
  return staged;
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

/**
 * Writes `part` (each replacing whatever its key held: row, content, search text, image refs,
 * revisions, annotation; one chunk of POST_CHUNK) as a few bulk requests sent together: one
 * awaited request per store and post made the commit ~9 ms a post (92 s for a 10k-post backup).
 */
async function writePosts(part: readonly BackupPost[], existing: ReadonlyMap<string, BackupPost>): Promise<void> {
  const d = db();
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
  const search = part.map((p) => searchRows(p.key, p.title, p.author, p.content));
  await Promise.all([
    d.posts.bulkPut(rows),
    d.contents.bulkPut(contents),
    d.texts.bulkPut(search.map((s) => s.text)),
    d.sigs.bulkPut(search.map((s) => s.sig)),
    d.postImages.where('key').anyOf(keys).delete().then(() => d.postImages.bulkPut(part.flatMap((p) => imageRefUrls(p.meta).map((url) => ({ key: p.key, url }))))),
    d.revisions.where('key').anyOf(keys).delete().then(() => d.revisions.bulkAdd(revisionRows)),
    notes.length ? d.annotations.bulkPut(notes) : Promise.resolve(),
  ]);
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

/** One chunk of staged posts and the library's versions of their keys. */
interface CommitChunk {
  posts: BackupPost[];
  existing: Map<string, BackupPost>;
}

async function readChunk(run: string, from: number): Promise<CommitChunk> {
  const posts = await stagedPosts(run, from, from + POST_CHUNK);
  return { posts, existing: await existingPosts(posts.map((p) => p.key)) };
}

/**
 * Step 3: the `count` posts staged as `run`, POST_CHUNK at a time, planned and written into the
 * library, in one transaction with the deletion of the staged rows and, last, the post counter.
 * Pipelined: the next chunk's reads are asked for before this chunk's writes, so the database is
 * not left idle while the page plans a chunk and computes its search texts (a chunk's keys cannot
 * meet the previous chunk's writes: a key seen before is a duplicate, skipped whatever the library
 * holds). Memory holds two chunks (and the keys seen, for duplicates across chunks).
 */
async function commitStaged(run: string, count: number): Promise<ImportReport> {
  const d = db();
  return d.transaction('rw', [d.posts, d.contents, d.texts, d.sigs, d.postImages, d.revisions, d.annotations, d.comments, d.commentSets, d.counters, d.importStage], async () => {
    const report: ImportReport = { imported: 0, skipped: [], replaced: [] };
    const seen = new Set<string>();
    const now = Date.now();
    let created = 0;
    let next: Promise<CommitChunk> | null = count > 0 ? readChunk(run, 0) : null;
    let writing: Promise<unknown> = Promise.resolve();
    for (let from = 0; next; from += POST_CHUNK) {
      const { posts, existing }: CommitChunk = await next;
      next = from + POST_CHUNK < count ? readChunk(run, from + POST_CHUNK) : null;
      const plan = planImport(posts, existing, now, seen);
      await writing;
      writing = writePosts(plan.put, existing).then(() => writeComments(posts));
      writing.catch(() => undefined); // awaited at the next chunk or after the last; not "unhandled" meanwhile
      created += plan.put.filter((p) => !existing.has(p.key)).length;
      report.imported += plan.report.imported;
      report.skipped.push(...plan.report.skipped);
      report.replaced.push(...plan.report.replaced);
    }
    await writing;
    await dropStage(run);
    if (created) await bumpCounter(created);
    return report;
  });
}

/** Undoes steps 1 and 2 after a failure; a failure of its own leaves the rest to the next start and sweep. */
async function undo(run: string, added: readonly string[]): Promise<void> {
  await Promise.allSettled([dropStage(run), dropImages(added)]);
}

/**
 * All or nothing: resolves with the report, or rejects with the library unchanged. The staged posts
 * and the images stored before the commit are referenced by nothing until it: the sweep and the
 * stale-stage cleanup wait meanwhile (the import lock, images.ts).
 */
export function applyImport(posts: readonly BackupPost[] | IncomingPosts, images: readonly IncomingImage[] | IncomingImages, options: ApplyOptions = {}): Promise<ImportReport> {
  return whileImporting(async () => {
    const run = crypto.randomUUID();
    const refused: string[] = [];
    const added: string[] = [];
    let report: ImportReport;
    const incomingPosts = 'batches' in posts ? posts : postsAtHand(posts);
    const incomingImages = 'total' in images ? images : atHand(images);
    options.onPosts?.(0, incomingPosts.total);
    options.onImages?.(0, incomingImages.total);
    try {
      // Posts first: a bad post fails the import before any image is written. (Staging posts and
      // storing images side by side was tried: no faster, 10.4 s against 4.0 + 5.8 s in turn, both
      // waiting on the same browser process.)
      const staged = await stageAll(run, incomingPosts, options);
      performance.mark('zo-import-posts-staged');
      await storeNewImages(incomingImages, options, added, refused);
      performance.mark('zo-import-images-stored');
      options.signal?.throwIfAborted();
      options.onCommit?.();
      report = await commitStaged(run, staged);
    } catch (e) {
      await undo(run, added);
      throw e;
    }
    // Images of posts the plan skipped are referenced by nothing: do not keep them.
    await dropImages(added);
    return { ...report, skipped: [...report.skipped, ...refused.map((url) => ({ name: url, reason: 'image_not_raster' }))] };
  });
}
