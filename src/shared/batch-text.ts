/**
 * A batch's state in words (issue #14), computed where the batch runs and sent with each progress
 * event: the page button shows it as is (the content script stays small), and the library panel can too.
 */
import type { BatchSummary } from '../messaging/protocol';
import type { BatchReason, BatchRow, BatchState } from '../storage/batch-types';
import { formatNumber, t } from './i18n';
import type { MessageKey } from './message-keys';

/** What the button's data-zo-state says. */
export type BatchView = 'saving' | 'saved' | 'paused' | 'error' | 'cancelled';

const REASON_TEXT: Record<BatchReason, MessageKey> = {
  verify: 'batchPausedVerify',
  login: 'batchPausedLogin',
  network: 'batchPausedNetwork',
  server: 'batchPausedServer',
  'no-tab': 'batchPausedNoTab',
  quota: 'errorQuota',
  unexpected: 'batchPausedUnexpected',
  user: 'batchPausedUser',
};

/** Why a long job paused, in words (batches and the watch's checks pause for the same reasons). */
export function pauseText(reason: BatchReason): string {
  return t(REASON_TEXT[reason]);
}

export interface BatchFigures {
  state: BatchState;
  reason: BatchReason | null;
  done: number;
  missing: number;
  total: number;
  /** The page itself loads the items (batch/page-driver.ts): the tab must stay open. */
  viaPage?: boolean;
  /**
   * The count the page showed, when Zhihu's list ended with fewer entries than it (folded answers, items
   * only their author sees): a finished batch must not say 已全部保存 of a list that was short.
   */
  pageCount?: number | null;
}

function doneText(f: BatchFigures): string {
  const listed = f.total;
  const short = f.pageCount != null && f.pageCount > listed;
  const done = formatNumber(f.done);
  const head = f.missing > 0 ? t('batchDoneWithMissing', done, formatNumber(f.missing)) : short ? t('batchDoneListed', done) : t('batchDone', done);
  return short ? t('batchShortOfCount', head, formatNumber(f.pageCount ?? 0), formatNumber(listed)) : head;
}

export function batchView(f: BatchFigures): { view: BatchView; text: string } {
  if (f.state === 'running') return { view: 'saving', text: t(f.viaPage ? 'batchProgressPage' : 'batchProgress', f.done, f.total) };
  if (f.state === 'done') return { view: 'saved', text: doneText(f) };
  if (f.state === 'cancelled') return { view: 'cancelled', text: t('batchCancelled', f.done) };
  const reason = f.reason ?? 'unexpected';
  if (reason === 'no-tab' && f.viaPage) return { view: 'paused', text: t('batchPausedNoQuestionTab') };
  // A full disk or an answer we do not understand will not pass by waiting: error, not paused.
  return { view: reason === 'quota' || reason === 'unexpected' ? 'error' : 'paused', text: t(REASON_TEXT[reason]) };
}

/** A batch row as the page button and the library panel show it; `pending`: its items not yet done. */
export function summarize(b: BatchRow, pending: number): BatchSummary {
  const c = b.counts;
  const done = c.saved + c.skipped;
  const known = done + c.failed + c.unavailable + pending;
  // Until the last page, the page's own count is the better guess of the whole.
  const total = b.next === null ? known : Math.max(known, b.total ?? 0);
  const { view, text } = batchView({ state: b.state, reason: b.reason, done, missing: c.failed + c.unavailable, total, viaPage: b.driver === 'page', pageCount: b.total });
  return { id: b.id, state: b.state, reason: b.reason, done, failed: c.failed, unavailable: c.unavailable, total, view, text };
}
