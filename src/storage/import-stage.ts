/**
 * The staging area of a running import (issue #15, schema v6): the import reads, checks and cleans
 * the file's posts a batch at a time and puts each batch here, in its own short transaction, so
 * that neither the page nor the file is held in memory whole. Nothing here is part of the library:
 * the import's one commit transaction (import-apply.ts) reads a run's rows back a chunk at a time,
 * writes them into the library and deletes them, all or nothing.
 *
 * A run whose page died (tab closed, extension reloaded or updated) leaves its rows behind. They
 * belong to no running import once nobody holds the import lock (images.ts, whileImporting), and are
 * then cleared: when the worker starts, when the 导出与导入 page opens, and by the orphan sweep.
 */
import Dexie from 'dexie';
import type { BackupPost } from '../backup/format';
import { db } from './db';

/** Puts `posts` as rows `from`, `from + 1`, … of `run`, in one transaction. */
export async function stagePosts(run: string, from: number, posts: readonly BackupPost[]): Promise<void> {
  await db().importStage.bulkAdd(posts.map((post, i) => ({ run, seq: from + i, post })));
}

/** Rows `from` (inclusive) to `to` (exclusive) of `run`, in order. Inside the commit's transaction, or alone. */
export async function stagedPosts(run: string, from: number, to: number): Promise<BackupPost[]> {
  const rows = await db().importStage.where('[run+seq]').between([run, from], [run, to], true, false).toArray();
  return rows.map((r) => r.post);
}

/** Deletes every row of `run`. */
export async function dropStage(run: string): Promise<void> {
  await db().importStage.where('[run+seq]').between([run, Dexie.minKey], [run, Dexie.maxKey], true, true).delete();
}

/** Clears the whole staging area; only while no import runs (images.ts: the caller holds the import lock exclusively). */
export async function clearStage(): Promise<number> {
  const d = db();
  const left = await d.importStage.count();
  if (left) await d.importStage.clear();
  return left;
}
