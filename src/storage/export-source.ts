/**
 * What an export reads, in bounded chunks (issue #6): a 10,000-post export must never hold
 * every content string at once (docs/performance-notes.md §1: ~200 MB of HTML at 10k), so posts are read
 * a chunk at a time with their content, revisions and annotations (images: export-images.ts).
 */
import { db } from './db';
import { commentItem } from './comment-item';
import type { AnnotationRow, CommentRow, CommentSetRow, CommentThread, ContentRow, PostKey, PostRow, RevisionRow } from './types';

export const EXPORT_CHUNK = 200;
/** Posts per chunk when the whole library is read by key range: fewer, larger requests (two chunks of the bench's posts hold ~15 MB). */
export const EXPORT_RANGE_CHUNK = 500;

/** An exported post: the stored row + content, and the user's data that a backup keeps. */
export interface ExportPost extends PostRow {
  content: string;
  revisions?: ExportRevision[];
  tags?: string[];
  note?: string;
  /** Saved comments (issue #17): every format but Hexo shows them, so they are read whatever the format. */
  commentThread?: CommentThread;
}

/** A RevisionRow without its local auto-increment id (ids are not portable). */
export type ExportRevision = Omit<RevisionRow, 'id'>;

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
 * Yields the full posts of `rows` in their order, `chunk` at a time. The next chunk is read while
 * the caller serializes this one (IndexedDB works in the browser process, so the reads overlap the
 * page's JSON/ZIP work); at most two chunks are held.
 *
 * `scope: 'library'`: `rows` are every post of the library (a whole-library Hexo, Markdown or HTML
 * export, in savedAt order). Keys next to each other in their sorted list are then next to each other
 * in the contents store, so each chunk's contents are read with one getAll per run of such keys
 * instead of one get per post (issue #6: the gets cost the Hexo export ~1 s of the page's CPU at 10k
 * posts, profiled). A selection can leave other posts between two of its keys: read key by key.
 */
export async function* exportPosts(rows: readonly PostRow[], withUserData: boolean, chunk = EXPORT_CHUNK, scope: 'selection' | 'library' = 'selection'): AsyncGenerator<ExportPost[]> {
  const owners = await userDataOwners(withUserData);
  const position = scope === 'library' ? keyPositions(rows.map((r) => r.key)) : null;
  const read = (at: number): Promise<ExportPost[]> | null => (at < rows.length ? quiet(readChunk(rows.slice(at, at + chunk), owners, position)) : null);
  let next = read(0);
  for (let at = 0; next; at += chunk) {
    const current = next;
    next = read(at + chunk);
    yield await current;
  }
}

/** Each key's place in key order. */
function keyPositions(keys: readonly PostKey[]): Map<PostKey, number> {
  const sorted = [...keys].sort(cmp);
  return new Map(sorted.map((k, i) => [k, i]));
}

/**
 * Every post of the library in key order (a full backup), with no list of rows read up front:
 * each chunk's rows and contents are one getAll over a key range each, instead of 10k rows at
 * planning and one get per content (reading 10k contents so took about a third less of the
 * page's CPU in Chromium, issue #6). The next chunk's rows are read as soon as this chunk's
 * last key is known, so one chunk is read while the caller serializes the other.
 */
export async function* exportAllPosts(withUserData: boolean, chunk = EXPORT_RANGE_CHUNK): AsyncGenerator<ExportPost[]> {
  const owners = await userDataOwners(withUserData);
  const d = db();
  const readAfter = (after: PostKey | null): { rows: Promise<PostRow[]>; posts: Promise<ExportPost[]> } => {
    const rows = quiet((after === null ? d.posts.toCollection() : d.posts.where('key').above(after)).limit(chunk).toArray());
    // The chunk's keys are one run of the store (a range read), in key order.
    return { rows, posts: quiet(rows.then((r) => readChunk(r, owners, new Map(r.map((row, i) => [row.key, i]))))) };
  };
  let current = readAfter(null);
  for (;;) {
    const rows = await current.rows;
    const next = rows.length === chunk ? readAfter(rows.at(-1)!.key) : null;
    if (rows.length) yield await current.posts;
    if (!next) return;
    current = next;
  }
}

/** How many posts a whole-library export writes (the progress bar's total). */
export function countAllPosts(): Promise<number> {
  return db().posts.count();
}

/** Keeps a read-ahead that the consumer abandons (abort) from surfacing as an unhandled rejection; awaiting it still throws. */
export function quiet<T>(p: Promise<T>): Promise<T> {
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
  /** Posts with saved comments: read for every format (issue #17), not only backups. */
  comments: ReadonlySet<PostKey>;
}

async function userDataOwners(withUserData: boolean): Promise<UserDataOwners> {
  const d = db();
  const [revisions, annotations, comments] = await Promise.all([
    withUserData ? d.revisions.orderBy('key').uniqueKeys() : [],
    withUserData ? d.annotations.toCollection().primaryKeys() : [],
    d.commentSets.toCollection().primaryKeys(),
  ]);
  return { revisions: new Set(revisions as PostKey[]), annotations: new Set(annotations), comments: new Set(comments) };
}

/**
 * The contents of `keys`, in order. With `position` (each key's place in the store's key order, see
 * exportPosts), keys whose places follow one another are read as one range; a range holds exactly
 * those keys unless posts were added since, and what it holds besides is ignored. Any key no range
 * held (a single key, or a post without content) is still fetched by itself, so the result never
 * depends on the positions being right.
 */
async function contentsOf(keys: readonly PostKey[], position: ReadonlyMap<PostKey, number> | null): Promise<(ContentRow | undefined)[]> {
  const d = db();
  if (!position || keys.length < 2) return d.contents.bulkGet([...keys]);
  const placed = keys.filter((k) => position.has(k)).sort((a, b) => position.get(a)! - position.get(b)!);
  const ranges: [PostKey, PostKey][] = [];
  for (let start = 0, i = 1; i <= placed.length; i++) {
    if (i < placed.length && position.get(placed[i]!) === position.get(placed[i - 1]!)! + 1) continue;
    if (i - start > 1) ranges.push([placed[start]!, placed[i - 1]!]);
    start = i;
  }
  const found = new Map<PostKey, ContentRow>();
  const reads = ranges.map(([first, last]) => d.contents.where('key').between(first, last, true, true).toArray());
  for (const rows of await Promise.all(reads)) for (const c of rows) found.set(c.key, c);
  const missing = keys.filter((k) => !found.has(k));
  if (missing.length) for (const c of await d.contents.bulkGet(missing)) if (c) found.set(c.key, c);
  return keys.map((k) => found.get(k));
}

async function readChunk(rows: readonly PostRow[], owners: UserDataOwners, position: ReadonlyMap<PostKey, number> | null): Promise<ExportPost[]> {
  const d = db();
  const keys = rows.map((r) => r.key);
  const revisionKeys = keys.filter((k) => owners.revisions.has(k));
  const noteKeys = keys.filter((k) => owners.annotations.has(k));
  const commentKeys = keys.filter((k) => owners.comments.has(k));
  return d.transaction('r', [d.posts, d.contents, d.revisions, d.annotations, d.comments, d.commentSets], async () => {
    const [contents, revisions, notes, threads] = await Promise.all([
      contentsOf(keys, position),
      revisionKeys.length ? d.revisions.where('key').anyOf(revisionKeys).toArray() : ([] as RevisionRow[]),
      noteKeys.length ? d.annotations.bulkGet(noteKeys) : ([] as (AnnotationRow | undefined)[]),
      commentKeys.length ? threadsOf(commentKeys) : new Map<PostKey, CommentThread>(),
    ]);
    const noteOf = new Map<PostKey, AnnotationRow>();
    for (const n of notes) if (n) noteOf.set(n.key, n);
    const revisionsOf = new Map<PostKey, RevisionRow[]>();
    for (const r of revisions) {
      const own = revisionsOf.get(r.key);
      if (own) own.push(r);
      else revisionsOf.set(r.key, [r]);
    }
    return rows.map((row, i) => assemble(row, contents[i], revisionsOf.get(row.key) ?? [], noteOf.get(row.key), threads.get(row.key)));
  });
}

/** The comment threads of `keys` (each has a set), inside readChunk's transaction. */
async function threadsOf(keys: readonly PostKey[]): Promise<Map<PostKey, CommentThread>> {
  const d = db();
  const [sets, rows] = await Promise.all([d.commentSets.bulkGet([...keys]), d.comments.where('key').anyOf([...keys]).toArray()]);
  const itemsOf = new Map<PostKey, CommentRow[]>();
  for (const r of rows) {
    const own = itemsOf.get(r.key);
    if (own) own.push(r);
    else itemsOf.set(r.key, [r]);
  }
  const out = new Map<PostKey, CommentThread>();
  for (const set of sets.filter((s): s is CommentSetRow => s !== undefined)) {
    const items = (itemsOf.get(set.key) ?? []).sort((a, b) => a.seq - b.seq).map(commentItem);
    out.set(set.key, { state: set.state, reason: set.reason, total: set.total, kept: items.length, fetchedAt: set.fetchedAt, items });
  }
  return out;
}

/** `revisions`: this post's own. */
function assemble(row: PostRow, content: ContentRow | undefined, revisions: readonly RevisionRow[], note: AnnotationRow | undefined, thread: CommentThread | undefined): ExportPost {
  const post: ExportPost = { ...row, content: content?.content ?? '' };
  const own = revisions.map(withoutId);
  // Same order as the import conflict policy keeps them, so a round trip is byte-identical.
  own.sort((a, b) => a.savedAt - b.savedAt || a.replacedAt - b.replacedAt);
  if (own.length) post.revisions = own;
  if (note?.tags.length) post.tags = [...note.tags];
  if (note?.note) post.note = note.note;
  if (thread) post.commentThread = thread;
  return post;
}

function withoutId(r: RevisionRow): ExportRevision {
  return { key: r.key, savedAt: r.savedAt, replacedAt: r.replacedAt, title: r.title, content: r.content, updatedAt: r.updatedAt };
}
