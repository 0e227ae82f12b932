/**
 * Reads whatever the library holds, with raw IndexedDB, at whatever version it is and without
 * upgrading, creating or changing anything: the recovery panel's export (docs/faults.md
 * R13). When this build cannot open the library (an upgrade that cannot finish, a disk too full
 * for one) the browser may still read it, and the user should get a backup before trying more.
 *
 * It holds every post in memory at once, unlike the export page's chunked reads: it is a last
 * resort, and image blobs are only references. Older schemas lack some stores; those are skipped.
 */
import type { BackupImageInput, BackupPost, Revision } from '../backup/format';
import { RAW_DB_NAME } from './library-raw';
import { commentItem } from './comment-item';
import type { AnnotationRow, CommentRow, CommentSetRow, ContentRow, ImageRow, PostRow, RevisionRow } from './types';

export interface RescuedLibrary {
  posts: BackupPost[];
  images: BackupImageInput[];
}

/** Everything readable, or null when the browser cannot read the database at all (or it does not exist). */
export async function readForRescue(): Promise<RescuedLibrary | null> {
  const db = await openAsIs().catch(() => null);
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('posts')) return null;
    const [posts, contents, images, revisions, notes, comments, commentSets] = await Promise.all([
      all<PostRow>(db, 'posts'),
      all<ContentRow>(db, 'contents'),
      all<ImageRow>(db, 'images'),
      all<RevisionRow>(db, 'revisions'),
      all<AnnotationRow>(db, 'annotations'),
      all<CommentRow>(db, 'comments'),
      all<CommentSetRow>(db, 'commentSets'),
    ]);
    return { posts: withComments(assemble(posts, contents, revisions, notes), comments, commentSets), images: images.map((i) => ({ url: i.url, type: i.type, size: i.blob.size, storedAt: i.storedAt, data: i.blob })) };
  } catch {
    return null;
  } finally {
    db.close();
  }
}

function openAsIs(): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(RAW_DB_NAME);
    // No version asked: an upgrade means there is no database. Abort: create nothing.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => (req.error?.name === 'AbortError' ? resolve(null) : reject(req.error ?? new Error('open failed')));
  });
}

function all<T>(db: IDBDatabase, store: string): Promise<T[]> {
  if (!db.objectStoreNames.contains(store)) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const req = db.transaction(store, 'readonly').objectStore(store).getAll();
    req.onsuccess = () => resolve(req.result as T[]);
    req.onerror = () => reject(req.error ?? new Error(`read of ${store} failed`));
  });
}

/** The backup's post shape, as the export page builds it (storage/export-source.ts assemble). */
function assemble(posts: PostRow[], contents: ContentRow[], revisions: RevisionRow[], notes: AnnotationRow[]): BackupPost[] {
  const content = new Map(contents.map((c) => [c.key, c.content]));
  const note = new Map(notes.map((n) => [n.key, n]));
  const revs = new Map<string, Revision[]>();
  for (const r of revisions) {
    const own = revs.get(r.key) ?? [];
    own.push({ key: r.key, savedAt: r.savedAt, replacedAt: r.replacedAt, title: r.title, content: r.content, updatedAt: r.updatedAt });
    revs.set(r.key, own);
  }
  return posts.map((row) => {
    const post: BackupPost = { ...row, content: content.get(row.key) ?? '' };
    const own = revs.get(row.key);
    if (own?.length) post.revisions = own.sort((a, b) => a.savedAt - b.savedAt || (a.replacedAt ?? 0) - (b.replacedAt ?? 0));
    const n = note.get(row.key);
    if (n?.tags.length) post.tags = [...n.tags];
    if (n?.note) post.note = n.note;
    return post;
  });
}

/** Each post's saved comments (issue #17; schema v5 and later), in thread order, as the export page attaches them. */
function withComments(posts: BackupPost[], comments: CommentRow[], sets: CommentSetRow[]): BackupPost[] {
  if (!sets.length) return posts;
  const set = new Map(sets.map((s) => [s.key, s]));
  const rows = new Map<string, CommentRow[]>();
  for (const c of comments) {
    const own = rows.get(c.key);
    if (own) own.push(c);
    else rows.set(c.key, [c]);
  }
  for (const post of posts) {
    const s = set.get(post.key);
    if (!s) continue;
    const items = (rows.get(post.key) ?? []).sort((a, b) => a.seq - b.seq).map(commentItem);
    post.commentThread = { state: s.state, reason: s.reason, total: s.total, kept: items.length, fetchedAt: s.fetchedAt, items };
  }
  return posts;
}
