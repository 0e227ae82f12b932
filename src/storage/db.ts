/**
 * The one Dexie database. Schema versions are explicit and never edited once shipped:
 * every change adds a version, an upgrade function if data moves, and a test that opens
 * a database written by each earlier version (test/storage-migrations.test.ts).
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import { guardedIndexedDB } from './idb-guard';
import { upgradeToV2 } from './migrations';
import { KNOWN_IDB_VERSION, LibraryUnavailableError, openFailureKind } from './open-failure';
import type { BatchItemRow, BatchRow } from './batch-types';
import type { WatchItemRow, WatchRunRow, ZhihuStateRow } from './watch-types';
import type { AnnotationRow, CommentRow, CommentSetRow, ContentRow, CounterRow, SigRow, ImageRow, OutboxRow, PostImageRow, PostRow, RevisionRow, StageRow, TextRow } from './types';

export const DB_NAME = 'zhihu-offline';

/** v1 (foundation): posts, contents, images. */
export const SCHEMA_V1 = {
  posts: '&key, meta.savedAt, meta.createdAt, meta.kind',
  contents: '&key',
  images: '&url',
} as const;

/** v2 (storage engine): search text, shared images, revisions, annotations, outbox, counters. */
export const SCHEMA_V2 = {
  posts: '&key, meta.savedAt, meta.createdAt, meta.kind, meta.voteCount',
  contents: '&key',
  texts: '&key',
  images: '&url',
  postImages: '[key+url], key, url',
  revisions: '++id, key, savedAt',
  annotations: '&key, *tags',
  outbox: '&id, kind, key, nextAttemptAt',
  counters: '&name',
} as const;

/**
 * v3 (batch save, issue #14): a batch (source, Zhihu's next link, counts) and its items, so a stopped
 * worker or a restarted browser resumes at the exact cursor. New stores only: nothing moves.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  batches: '&id, state',
  batchItems: '[batchId+seq], [batchId+state], [batchId+key]',
} as const;

/**
 * v5 (comments, issue #17): a post's comments in their own stores, never in its content, so a post's
 * row, content and Hexo file stay as they were. `comments` in thread order per post; `commentSets`
 * says how many Zhihu counted, how many were kept and whether the fetch finished. New stores only.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V3,
  comments: '[key+seq], key',
  commentSets: '&key',
} as const;

/**
 * v6 (streamed import, issue #15): the posts of a running import, staged a batch at a time as the file
 * is read, then moved into the library by the import's one commit transaction. `run` is the import's
 * id; rows of a run no running import holds are stale (its page died) and are cleared (import-stage.ts).
 * A new store only: nothing moves.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  importStage: '[run+seq]',
} as const;

/**
 * v7 (the watch, issue #17): each post's Zhihu state (in its own store, so a re-save, a backup or an
 * export of the post is untouched by it), indexed by [rank+since] for the library's sort; and the checks,
 * resumable like batches. New stores only: nothing moves.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  zhihuStates: '&key, [rank+since]',
  watchRuns: '&id, state, createdAt',
  watchItems: '[runId+seq], [runId+state]',
} as const;

/**
 * v9 (50,000 posts, issue #18): each post's search signature in a store of its own, so the library
 * loads ~2 KB a post instead of the whole text (~12 KB) to narrow a query down; written in the same
 * transaction as the post's `texts` row. A new store only; rows missing or of an older
 * SIGNATURE_VERSION are rebuilt from `texts` when the library loads them (storage/signatures.ts).
 */
export const SCHEMA_V9 = {
  ...SCHEMA_V7,
  sigs: '&key',
} as const;

export class ZhihuOfflineDB extends Dexie {
  posts!: EntityTable<PostRow, 'key'>;
  contents!: EntityTable<ContentRow, 'key'>;
  texts!: EntityTable<TextRow, 'key'>;
  images!: EntityTable<ImageRow, 'url'>;
  postImages!: Table<PostImageRow, [string, string]>;
  revisions!: EntityTable<RevisionRow, 'id'>;
  annotations!: EntityTable<AnnotationRow, 'key'>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  counters!: EntityTable<CounterRow, 'name'>;
  batches!: EntityTable<BatchRow, 'id'>;
  batchItems!: Table<BatchItemRow, [string, number]>;
  comments!: Table<CommentRow, [string, number]>;
  commentSets!: EntityTable<CommentSetRow, 'key'>;
  importStage!: Table<StageRow, [string, number]>;
  zhihuStates!: EntityTable<ZhihuStateRow, 'key'>;
  watchRuns!: EntityTable<WatchRunRow, 'id'>;
  watchItems!: Table<WatchItemRow, [string, number]>;
  sigs!: EntityTable<SigRow, 'key'>;

  constructor(name = DB_NAME, durability: 'default' | 'strict' = 'default') {
    // The guarded factory opens only at KNOWN_IDB_VERSION and never deletes (R11, R13; see idb-guard.ts).
    super(name, { chromeTransactionDurability: durability, indexedDB: guardedIndexedDB(KNOWN_IDB_VERSION) });
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade((tx) => upgradeToV2(tx));
    this.version(3).stores(SCHEMA_V3);
    this.version(5).stores(SCHEMA_V5);
    this.version(6).stores(SCHEMA_V6);
    this.version(7).stores(SCHEMA_V7);
    this.version(9).stores(SCHEMA_V9);
  }
}

let shared: ZhihuOfflineDB | null = null;
let strict: ZhihuOfflineDB | null = null;

export function db(): ZhihuOfflineDB {
  shared ??= new ZhihuOfflineDB();
  return shared;
}

/**
 * A second connection whose transactions are reported only once they are on disk. Chromium's
 * default ("relaxed") may acknowledge a save that a crash or power cut then loses
 * (docs/faults.md R8). Commits, deletes and imports use it; the image writes before a
 * commit need not, since the commit's flush of the same log makes them durable too.
 */
export function strictDb(): ZhihuOfflineDB {
  strict ??= new ZhihuOfflineDB(DB_NAME, 'strict');
  return strict;
}

/**
 * Opens both connections now, so that a failure reaches the caller with its kind (newer build,
 * disk full, browser failure) rather than as some later write error. Dexie does not retry an
 * open that failed until open() is called again; calling this before each save does that, so a
 * passing failure (R13) heals without restarting the worker.
 */
export async function openLibrary(): Promise<void> {
  for (const d of [db(), strictDb()]) {
    if (d.isOpen()) continue;
    try {
      await d.open();
    } catch (e) {
      throw new LibraryUnavailableError(openFailureKind(e) ?? 'unavailable', e);
    }
  }
}
