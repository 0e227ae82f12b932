/**
 * The stored shape. A post row holds exactly the seed's front-matter keys plus `meta`;
 * the heavy HTML lives in its own table so that lists never load it (docs/performance-notes.md §2.2).
 */
import type { BackupPost } from '../backup/format';
import type { AuthorInfo, CapturedItem, ItemKind, QuestionInfo } from '../extract/types';

export type PostKey = `${ItemKind}:${string}`;

export interface PostMeta {
  kind: ItemKind;
  id: string;
  url: string;
  question: QuestionInfo | null;
  topics: string[];
  authorInfo: AuthorInfo;
  /** Epoch ms, or null when Zhihu did not say. */
  createdAt: number | null;
  updatedAt: number | null;
  voteCount: number | null;
  commentCount: number | null;
  excerpt: string;
  sourceUrl: string;
  /** First save of this post. */
  firstSavedAt?: number;
  /** Latest save. */
  savedAt: number;
  complete: boolean;
  incompleteReason: string | null;
  /** Image URLs of the content in order; the blobs are in the images table. */
  images: string[];
  /** Images whose download failed; they are retried later. */
  missingImages: string[];
  /** How many earlier versions are kept in the revisions table. */
  revisionCount?: number;
}

export interface PostRow {
  key: PostKey;
  title: string;
  categories: string[];
  headimg: string;
  author: string;
  comments: false;
  /** RFC 1123, as the seed has it: `Mon, 10 Jan 2022 06:27:39 GMT`. */
  date: string;
  thumbnail: string;
  meta: PostMeta;
}

export interface ContentRow {
  key: PostKey;
  content: string;
}

/** Lower-cased plain text of title, author and body: search runs `includes` over these (docs/performance-notes.md §4). */
export interface TextRow {
  key: PostKey;
  text: string;
  /** Gram signature of `text`, written here before v9 moved it to `sigs`; no longer read. */
  sig?: Uint8Array;
}

/** The `sigs` store (v9): the gram signature of a post's `texts` row, kept in step with it. */
export interface SigRow {
  key: PostKey;
  /** SIGNATURE_VERSION of the function that made `sig`: another version is rebuilt, never trusted. */
  v: number;
  sig: Uint8Array;
}

export interface ImageRow {
  url: string;
  blob: Blob;
  type: string;
  size: number;
  storedAt: number;
  /**
   * `import`: the bytes came from a file, not from the image's URL. A capture of a post that uses
   * the URL downloads it again (and replaces these bytes) instead of trusting the file.
   */
  origin?: 'import';
}

/** Which post uses which image: images are stored once and shared. */
export interface PostImageRow {
  key: PostKey;
  url: string;
}

/** An earlier version of a post, kept when a re-save finds the title or content changed. */
export interface RevisionRow {
  id?: number;
  key: PostKey;
  /** When the replaced version had been saved. */
  savedAt: number;
  /** When it was replaced. */
  replacedAt: number;
  title: string;
  content: string;
  updatedAt: number | null;
}

/** The user's own data about a post; a re-save never touches it. */
export interface AnnotationRow {
  key: PostKey;
  tags: string[];
  note: string;
}

/** Work that must survive a killed service worker: a save in progress, or images to retry. */
export interface OutboxRow {
  id: string;
  kind: 'save' | 'retry-images';
  key: PostKey;
  /** For 'save': the validated capture. */
  item?: CapturedItem;
  /** Images still to fetch. */
  pending: string[];
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  /** When the latest run of a save started (the poison rule counts runs that never ended). */
  startedAt?: number;
  /** The latest run's error, if it threw. */
  lastError?: string;
  /** Set when the job was taken out of the queue for good; its capture stays until the user retries or discards it. */
  parked?: ParkedInfo;
}

/** Why a save was parked: it failed every attempt, or it did not finish (ran past its budget, or the worker died in it). */
export type ParkReason = 'failing' | 'stalled';

export interface ParkedInfo {
  reason: ParkReason;
  at: number;
  detail: string;
}

export interface CounterRow {
  name: 'posts';
  value: number;
}

/** A post with its content, as the reader and exporters see it. */
export interface FullPost extends PostRow {
  content: string;
}

/** Why comments could not all be fetched (in words: src/shared/comment-text.ts). */
export type CommentReason = 'verify' | 'login' | 'network' | 'server' | 'unexpected' | 'interrupted';

/**
 * How a post's comments were saved (issue #17): `complete` (Zhihu said `is_end`), `capped` (the
 * per-item cap was reached first), `partial` (Zhihu refused midway, what came before is kept),
 * `missing` (refused at once: none kept), `fetching` (a fetch began; a stopped worker leaves it so).
 */
export type CommentState = 'complete' | 'capped' | 'partial' | 'missing' | 'fetching';

/** One saved comment. Its HTML is Zhihu's, untrusted: sanitized at render, like a post's. */
export interface CommentItem {
  id: string;
  /** The root comment a reply belongs to; null for a root comment. */
  rootId: string | null;
  /** The comment a reply answers, and its author's name (null when it answers the root itself or Zhihu did not say). */
  replyToId: string | null;
  replyTo: string | null;
  author: { name: string; url: string };
  /** Epoch ms, or null when Zhihu did not say. */
  createdAt: number | null;
  likes: number;
  html: string;
  /** Replies Zhihu counts under a root comment (may be more than were kept). */
  replyCount: number;
}

/** A post's comments as one unit: what the backup carries and the exports read. Items in thread order. */
export interface CommentThread {
  state: CommentState;
  reason: CommentReason | null;
  /** How many comments Zhihu said exist (root + replies); null when it did not say. */
  total: number | null;
  /** How many are kept (= items.length). */
  kept: number;
  fetchedAt: number;
  items: CommentItem[];
}

/** The `commentSets` row: a thread without its items. */
export type CommentSetRow = Omit<CommentThread, 'items'> & { key: PostKey };

/** The `comments` row: one comment, ordered by `seq` within its post (roots, each followed by its replies). */
export interface CommentRow extends CommentItem {
  key: PostKey;
  seq: number;
}

/**
 * The `importStage` row (issue #15): one post of a running import, as the file gave it (validated and
 * cleaned), in file order. The import's commit moves a run's rows into the library and deletes them.
 */
export interface StageRow {
  run: string;
  seq: number;
  post: BackupPost;
}
