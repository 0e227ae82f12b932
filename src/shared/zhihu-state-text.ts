/**
 * The watch in words (issue #17): a post's Zhihu state, the reader's line about it, a check's progress
 * and its report. Shared by the library, the reader and the popup; dates are days (2026-12-01), as
 * the reader's line shows them.
 */
import type { WatchRunRow, ZhihuState, ZhihuStateRow } from '../storage/watch-types';
import { pauseText } from './batch-text';
import { formatDate, formatNumber, t } from './i18n';
import type { MessageKey } from './message-keys';

const LABEL: Record<ZhihuState, MessageKey> = {
  visible: 'zhihuStateVisible',
  edited: 'zhihuStateEdited',
  deleted: 'zhihuStateDeleted',
  hidden: 'zhihuStateHidden',
  paid: 'zhihuStatePaid',
};

const LINE: Record<ZhihuState, MessageKey> = {
  visible: 'zhihuLineVisible',
  edited: 'zhihuLineEdited',
  deleted: 'zhihuLineDeleted',
  hidden: 'zhihuLineHidden',
  paid: 'zhihuLinePaid',
};

/** 在知乎上可见 / 已修改 / 已删除 / 已隐藏或折叠 / 已设为付费. */
export function zhihuStateLabel(state: ZhihuState): string {
  return t(LABEL[state]);
}

/** A day in the user's time zone, year-month-day. */
export function dayText(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The reader's header line: 知乎上已于 2026-12-01 删除；这是你 2024-03-02 保存的版本. */
export function zhihuStateLine(row: ZhihuStateRow, savedAt: number): string {
  if (row.state === 'visible') return t('zhihuLineVisible', dayText(row.checkedAt));
  if (row.state === 'deleted' && row.questionDeleted) return t('zhihuLineQuestionDeleted', dayText(row.since), dayText(savedAt));
  return t(LINE[row.state], dayText(row.since), dayText(savedAt));
}

/** A check as the library's panel shows it: progress while it runs, why it paused, its report once done. */
export function watchStatusText(run: WatchRunRow, pending: number): string {
  const done = run.total - pending;
  if (run.state === 'running') return t('watchChecking', formatNumber(done), formatNumber(run.total));
  if (run.state === 'paused') return run.reason === 'user' || run.reason === null ? t('watchPausedUser', formatNumber(done), formatNumber(run.total)) : pauseText(run.reason);
  if (run.state === 'cancelled') return t('watchCancelled', formatNumber(done), formatNumber(run.total));
  return t('watchDone', formatDate(run.finishedAt ?? run.updatedAt));
}

/** The report of a check: how many were checked, changed, deleted or unreachable (the rest in the same line). */
export function watchReport(run: WatchRunRow): string {
  const c = run.counts;
  return t('watchReport', formatNumber(c.checked), formatNumber(c.edited), formatNumber(c.deleted), formatNumber(c.hidden), formatNumber(c.paid), formatNumber(c.unreachable));
}
