/**
 * What an export reads, in bounded chunks (issue #6): a 10,000-post export must never hold
 * every content string at once (perf-limits.md: ~200 MB of HTML at 10k), so posts are read
 * 200 at a time with their content, revisions and annotations, and image blobs one by one.
 */
import { db } from './db';
import type { AnnotationRow, ContentRow, ImageRow, PostKey, PostRow, RevisionRow } from './types';

export const EXPORT_CHUNK = 200;
/** Image rows per read transaction: perf-limits.md, 20 per transaction ~85 MB/s vs 24 MB/s for 1. */
export const IMAGE_BATCH = 20;
/** Image bytes read ahead of the ZIP writer (at least one image, whatever its size). */
export const IMAGE_READ_AHEAD = 16 * 1024 * 1024;

/** An exported post: the stored row + content, and the user's data that a backup keeps. */
export interface ExportPost extends PostRow {
  content: string;
  revisions?: ExportRevision[];
  tags?: string[];
  note?: string;
}

/** A RevisionRow without its local auto-increment id (ids are not portable). */
export type ExportRevision = Omit<RevisionRow, 'id'>;

/** The image facts an export needs up front (manifest, file names); the blob is read later. */
export interface ExportImageInfo {
  url: string;
  type: string;
  size: number;
  storedAt: number;
}

/** `keys: null` = the whole library. */
export interface ExportScope {
  keys: readonly PostKey[] | null;
  /** `key`: deterministic (backups); `savedAt`: newest first, as the library lists them. */
  order: 'key' | 'savedAt';
}

/**
 * The posts of a scope, light rows only (no content): titles name the files before any
 * content is read. Unknown keys (deleted since the selection was made) are left out.
 */
export async function exportRows(scope: ExportScope): Promise<PostRow[]> {
  const d = db();
  let rows: PostRow[];
  if (scope.keys) rows = (await d.posts.bulkGet([...new Set(scope.keys)])).filter((r): r is PostRow => r !== undefined);
  else rows = await d.posts.toArray();
  const sort = scope.order === 'key' ? (a: PostRow, b: PostRow) => cmp(a.key, b.key) : (a: PostRow, b: PostRow) => b.meta.savedAt - a.meta.savedAt || cmp(a.key, b.key);
  return rows.sort(sort);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Yields the full posts of `rows` in their order, EXPORT_CHUNK at a time. The next chunk is
 * read while the caller serializes this one (IndexedDB works in the browser process, so the
 * reads overlap the page's JSON/ZIP work); at most two chunks are held.
 */
export async function* exportPosts(rows: readonly PostRow[], withUserData: boolean, chunk = EXPORT_CHUNK): AsyncGenerator<ExportPost[]> {
  const owners = withUserData ? await userDataOwners() : null;
  const read = (at: number): Promise<ExportPost[]> | null => (at < rows.length ? quiet(readChunk(rows.slice(at, at + chunk), owners)) : null);
  let next = read(0);
  for (let at = 0; next; at += chunk) {
    const current = next;
    next = read(at + chunk);
    yield await current;
  }
}

/** Keeps a read-ahead that the consumer abandons (abort) from surfacing as an unhandled rejection; awaiting it still throws. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Which posts have revisions or annotations, from keys alone: most posts have neither, and
 * asking for them 200 keys at a time cost ~40 % of the read time at 10k posts. A note added
 * while the export runs may be missed, as with any snapshot.
 */
interface UserDataOwners {
  revisions: ReadonlySet<PostKey>;
  annotations: ReadonlySet<PostKey>;
}

async function userDataOwners(): Promise<UserDataOwners> {
  const d = db();
  const [revisions, annotations] = await Promise.all([d.revisions.orderBy('key').uniqueKeys(), d.annotations.toCollection().primaryKeys()]);
  return { revisions: new Set(revisions as PostKey[]), annotations: new Set(annotations) };
}

async function readChunk(rows: readonly PostRow[], owners: UserDataOwners | null): Promise<ExportPost[]> {
  const d = db();
  const keys = rows.map((r) => r.key);
  const revisionKeys = owners ? keys.filter((k) => owners.revisions.has(k)) : [];
  const noteKeys = owners ? keys.filter((k) => owners.annotations.has(k)) : [];
  return d.transaction('r', [d.posts, d.contents, d.revisions, d.annotations], async () => {
    const [contents, revisions, notes] = await Promise.all([
      d.contents.bulkGet(keys),
      revisionKeys.length ? d.revisions.where('key').anyOf(revisionKeys).toArray() : ([] as RevisionRow[]),
      noteKeys.length ? d.annotations.bulkGet(noteKeys) : ([] as (AnnotationRow | undefined)[]),
    ]);
    const noteOf = new Map<PostKey, AnnotationRow>();
    for (const n of notes) if (n) noteOf.set(n.key, n);
    const revisionsOf = new Map<PostKey, RevisionRow[]>();
    for (const r of revisions) {
      const own = revisionsOf.get(r.key);
      if (own) own.push(r);
      else revisionsOf.set(r.key, [r]);
    }
    return rows.map((row, i) => assemble(row, contents[i], revisionsOf.get(row.key) ?? [], noteOf.get(row.key)));
  });
}

/** `revisions`: this post's own. */
function assemble(row: PostRow, content: ContentRow | undefined, revisions: readonly RevisionRow[], note: AnnotationRow | undefined): ExportPost {
  const post: ExportPost = { ...row, content: content?.content ?? '' };
  const own = revisions.map(withoutId);
  // Same order as the import conflict policy keeps them, so a round trip is byte-identical.
  own.sort((a, b) => a.savedAt - b.savedAt || a.replacedAt - b.replacedAt);
  if (own.length) post.revisions = own;
  if (note?.tags.length) post.tags = [...note.tags];
  if (note?.note) post.note = note.note;
  return post;
}

function withoutId(r: RevisionRow): ExportRevision {
  return { key: r.key, savedAt: r.savedAt, replacedAt: r.replacedAt, title: r.title, content: r.content, updatedAt: r.updatedAt };
}

/** The stored images the posts use (by their reference rows), without reading any blob's bytes. */
export async function exportImages(rows: readonly PostRow[]): Promise<ExportImageInfo[]> {
  const d = db();
  const urls = new Set<string>();
  for (let i = 0; i < rows.length; i += EXPORT_CHUNK) {
    const keys = rows.slice(i, i + EXPORT_CHUNK).map((r) => r.key);
    for (const ref of await d.postImages.where('key').anyOf(keys).toArray()) urls.add(ref.url);
  }
  const out: ExportImageInfo[] = [];
  const list = [...urls];
  for (let i = 0; i < list.length; i += EXPORT_CHUNK) {
    const found = await d.images.bulkGet(list.slice(i, i + EXPORT_CHUNK));
    for (const img of found) if (img) out.push({ url: img.url, type: img.type, size: img.blob.size, storedAt: img.storedAt });
  }
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
