/**
 * Library queries for the popup, the library page and the reader (issue #5). Only the v2
 * indexes are used: posts by meta.savedAt / createdAt / kind / voteCount, annotations by *tags.
 * Lists read keys from an index and rows only for what is on screen (docs/performance-notes.md §2.2: never
 * getAll at open); everything bulk is read in chunks so a page can paint between them.
 */
import { db } from './db';
import type { AnnotationRow, PostKey, PostRow } from './types';

export type { SortField } from './library-raw';

const CHUNK = 500;

/** Reads a whole table in primary-key chunks, calling back after each so the caller can show progress and yield. */
export async function readChunked<T>(table: 'posts' | 'sigs', onChunk: (rows: T[]) => void | Promise<void>): Promise<void> {
  const t = db()[table];
  let last: string | null = null;
  for (;;) {
    const coll = last === null ? t.orderBy('key') : t.where('key').above(last);
    const rows = (await coll.limit(CHUNK).toArray()) as T[];
    if (rows.length === 0) return;
    await onChunk(rows);
    last = (rows[rows.length - 1] as { key: string }).key;
    if (rows.length < CHUNK) return;
  }
}

export function readAllRows(onChunk: (rows: PostRow[]) => void | Promise<void>): Promise<void> {
  return readChunked<PostRow>('posts', onChunk);
}

export async function allAnnotations(): Promise<AnnotationRow[]> {
  return db().annotations.toArray();
}

export async function getAnnotation(key: PostKey): Promise<AnnotationRow> {
  return (await db().annotations.get(key)) ?? { key, tags: [], note: '' };
}

/** Stores tags and note; an empty annotation is deleted rather than kept. */
export async function saveAnnotation(a: AnnotationRow): Promise<void> {
  const tags = normalizeTags(a.tags);
  const note = a.note.trim() ? a.note : '';
  if (!tags.length && !note) await db().annotations.delete(a.key);
  else await db().annotations.put({ key: a.key, tags, note });
}

export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))].slice(0, 50);
}

/** Adds `tag` to every post in `keys`, in one transaction. */
export async function addTag(keys: readonly PostKey[], tag: string): Promise<void> {
  const d = db();
  const clean = tag.trim();
  if (!clean) return;
  await d.transaction('rw', d.annotations, async () => {
    const existing = await d.annotations.bulkGet([...keys]);
    const next = keys.map((key, i) => {
      const a = existing[i] ?? { key, tags: [], note: '' };
      return { ...a, tags: normalizeTags([...a.tags, clean]) };
    });
    await d.annotations.bulkPut(next);
  });
}

export async function allTags(): Promise<string[]> {
  return (await db().annotations.orderBy('tags').uniqueKeys()).map(String);
}

/** The neighbours of a post in saved order, for the reader's previous/next keys. */
export async function neighbours(key: PostKey): Promise<{ newer: PostKey | null; older: PostKey | null }> {
  const d = db();
  const row = await d.posts.get(key);
  if (!row) return { newer: null, older: null };
  const at = row.meta.savedAt;
  const [newer] = (await d.posts.where('meta.savedAt').above(at).limit(1).primaryKeys()) as PostKey[];
  const [older] = (await d.posts.where('meta.savedAt').below(at).reverse().limit(1).primaryKeys()) as PostKey[];
  return { newer: newer ?? null, older: older ?? null };
}

export interface LookupRow {
  key: PostKey;
  updatedAt: number | null;
  savedAt: number;
}

/** What the badges on Zhihu pages need: which of `keys` are saved, and which version. */
export async function lookup(keys: readonly PostKey[]): Promise<LookupRow[]> {
  const rows = await db().posts.bulkGet([...keys]);
  return rows.filter((r): r is PostRow => r !== undefined).map((r) => ({ key: r.key, updatedAt: r.meta.updatedAt, savedAt: r.meta.savedAt }));
}
