/**
 * Rows of the watch (issue #17): what Zhihu says about each saved post now, and the checks that ask it.
 * A check is a resumable job like a batch (batch-types.ts): its items are in IndexedDB before the first
 * request, each item's outcome and the check's counts move in one transaction, so a stopped worker, a
 * closed browser or a verification pause goes on from the first item not yet done.
 */
import type { BatchReason, BatchState } from './batch-types';
import type { PostKey } from './types';

/** 在知乎上可见 / 已修改 / 已删除 / 已隐藏或折叠 / 已设为付费. */
export type ZhihuState = 'visible' | 'edited' | 'deleted' | 'hidden' | 'paid';

export const ZHIHU_STATES: readonly ZhihuState[] = ['deleted', 'hidden', 'paid', 'edited', 'visible'];

/**
 * The library's sort by Zhihu state puts what the user may want to look at first: gone before changed
 * before unchanged. Stored with the row so one index ([rank+since]) gives the order.
 */
export const STATE_RANK: Record<ZhihuState, number> = { visible: 0, edited: 1, paid: 2, hidden: 3, deleted: 4 };

/** The `zhihuStates` row of a post: absent until a check has asked Zhihu about it. */
export interface ZhihuStateRow {
  key: PostKey;
  state: ZhihuState;
  rank: number;
  /** When a check first saw the post in this state (the reader's 知乎上已于 … 删除). */
  since: number;
  /** When a check last asked about it. */
  checkedAt: number;
  /**
   * FNV-1a of the item's text as Zhihu last sent it (tags stripped): an edit that leaves `updated_time`
   * alone still changes it. Null when Zhihu sent no body (deleted, hidden).
   */
  textHash: string | null;
  /** 已删除 because the question is gone (the answer's `question` is missing). */
  questionDeleted?: boolean;
}

export interface WatchCounts {
  /** Asked and answered: every state below. */
  checked: number;
  visible: number;
  edited: number;
  deleted: number;
  hidden: number;
  paid: number;
  /** Zhihu answered something we could not read, or the item could not be asked for. */
  unreachable: number;
  /** Edited items saved again, their earlier version kept as a revision. */
  resaved: number;
}

export const NO_WATCH_COUNTS: WatchCounts = { checked: 0, visible: 0, edited: 0, deleted: 0, hidden: 0, paid: 0, unreachable: 0, resaved: 0 };

export interface WatchRunRow {
  id: string;
  /** `schedule`: the 关注知乎上的变化 interval; `manual`: 立即检查. */
  trigger: 'schedule' | 'manual';
  /** `all`: every saved post with a Zhihu id; `selection`: the library's selection. */
  scope: 'all' | 'selection';
  state: BatchState;
  reason: BatchReason | null;
  detail: string | null;
  counts: WatchCounts;
  total: number;
  /** *mark only, keep mine*, as the setting was when the check started. */
  keepMine: boolean;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export type WatchItemOutcome = ZhihuState | 'unreachable' | 'gone-from-library';

export interface WatchItemRow {
  runId: string;
  seq: number;
  key: PostKey;
  state: 'pending' | 'done';
  outcome: WatchItemOutcome | null;
  /** An edited item's API object, kept while its re-save waits for a Zhihu tab to read it (Chromium). */
  raw: Record<string, unknown> | null;
  reason: string | null;
}
