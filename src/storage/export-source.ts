/**
 * What an export reads, in bounded chunks (issue #6): a 10,000-post export must never hold
 * every content string at once (perf-limits.md: ~200 MB of HTML at 10k), so posts are read
 * 200 at a time with their content, revisions and annotations, and image blobs one by one.
 */
import { db } from './db';
import type { AnnotationRow, ContentRow, PostKey, PostRow, RevisionRow } from './types';

export const EXPORT_CHUNK = 200;

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

/** Yields the full posts of `rows` in their order, EXPORT_CHUNK at a time. */
export async function* exportPosts(rows: readonly PostRow[], withUserData: boolean, chunk = EXPORT_CHUNK): AsyncGenerator<ExportPost[]> {
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    yield await readChunk(part, withUserData);
  }
}

async function readChunk(rows: readonly PostRow[], withUserData: boolean): Promise<ExportPost[]> {
  const d = db();
  const keys = rows.map((r) => r.key);
  return d.transaction('r', [d.posts, d.contents, d.revisions, d.annotations], async () => {
    const contents = await d.contents.bulkGet(keys);
    const revisions = withUserData ? await d.revisions.where('key').anyOf(keys).toArray() : [];
    const notes = withUserData ? await d.annotations.bulkGet(keys) : [];
    return rows.map((row, i) => assemble(row, contents[i], revisions, notes[i]));
  });
}

function assemble(row: PostRow, content: ContentRow | undefined, revisions: readonly RevisionRow[], note: AnnotationRow | undefined): ExportPost {
  const post: ExportPost = { ...row, content: content?.content ?? '' };
  const own = revisions.filter((r) => r.key === row.key).map(withoutId);
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
