/**
 * Rows of a batch save (issue #14). A batch is one source (a question, a 收藏夹, a column, a person's
 * list), the link Zhihu gave for its next page, and its items; all of it persisted, so a stopped
 * worker or a restarted browser resumes from the exact cursor and never fetches a page twice.
 */
import type { CapturedItem } from '../extract/types';
import type { PostKey } from './types';

export type PeopleTab = 'answers' | 'posts' | 'pins';

export type BatchSource =
  | { kind: 'question'; id: string }
  | { kind: 'collection'; id: string }
  | { kind: 'column'; id: string }
  | { kind: 'people'; id: string; tab: PeopleTab };

/** running: fetching/saving; paused: waits for the user (verification, login, network); done; cancelled. */
export type BatchState = 'running' | 'paused' | 'done' | 'cancelled';

/** Why a batch paused, shown in words (src/shared/batch-text.ts); `user`: the library panel's 暂停. */
export type BatchReason = 'verify' | 'login' | 'network' | 'server' | 'no-tab' | 'quota' | 'unexpected' | 'user';

export interface BatchCounts {
  saved: number;
  skipped: number;
  failed: number;
  /** Zhihu lists it but shows nothing (deleted or hidden): reported, a saved copy is never touched. */
  unavailable: number;
}

export interface BatchRow {
  id: string;
  source: BatchSource;
  /** The page the batch was started on: the items' sourceUrl, as a click-save there would give. */
  pageUrl: string;
  /** 收藏夹:<name> / 专栏:<name>, or null (questions, people, or the tag setting off). */
  tag: string | null;
  /** The question's topics from its page: API answers lack them, a click-save on the page has them. */
  topics: string[];
  /** Zhihu's own link to the next page, exactly as it gave it; null once `is_end` said so. */
  next: string | null;
  pagesFetched: number;
  state: BatchState;
  reason: BatchReason | null;
  /** The technical detail of the last pause (status, error code or message), for the report. */
  detail: string | null;
  /** How many items the page said there are; null when it did not say. Never used to stop. */
  total: number | null;
  counts: BatchCounts;
  /** Seq of the next item row. */
  nextSeq: number;
  /** Save each item's comments too (issue #17): the setting as it was when the batch started; absent in older rows. */
  comments?: boolean;
  /**
   * `page`: the API refused unsigned requests (10003), so the question's own page in `tabId` loads the rest as it
   * is scrolled and hands each answer over as it renders (src/background/batch/page-driver.ts). `next` keeps the
   * refused link. Absent or null: the API path. Only question batches switch.
   */
  driver?: 'page' | null;
  /** The tab that started it: progress goes there. */
  tabId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** An unavailable item's reason when Zhihu listed a kind we do not save (`unsupported: zvideo`), not a deleted one. */
export const UNSUPPORTED_REASON = 'unsupported: ';

export type BatchItemState = 'pending' | 'saved' | 'skipped' | 'failed' | 'unavailable';

export interface BatchItemRow {
  batchId: string;
  seq: number;
  /** `answer:<id>`; for an unavailable entry without an id, `unavailable:<seq>`. */
  key: PostKey | string;
  state: BatchItemState;
  /** A capture the page already held (same extractor as its button). */
  item: CapturedItem | null;
  /** An API object (answer, article or pin, snake_case) still to be normalized. */
  raw: Record<string, unknown> | null;
  reason: string | null;
  /**
   * When the batch took it (its page stored, or its retry asked for): a post committed at or after this was
   * saved by the batch (or meanwhile by its own button), so a resumed batch counts it saved and fetches nothing.
   * Null in rows of older builds, which set it when the save began.
   */
  startedAt: number | null;
}
