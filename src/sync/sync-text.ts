/** Sync (issue #16) in words: its state and each way a server can fail, with what to do. */
import { formatDate, formatNumber, t } from '../shared/i18n';
import type { MessageKey } from '../shared/message-keys';
import { DavError, type DavErrorKind } from './webdav';

const ERROR_TEXT: Record<DavErrorKind, MessageKey> = {
  network: 'syncErrNetwork',
  auth: 'syncErrAuth',
  forbidden: 'syncErrForbidden',
  'not-found': 'syncErrForbidden',
  conflict: 'syncErrForbidden',
  changed: 'syncErrServer',
  locked: 'syncErrBusy',
  busy: 'syncErrBusy',
  full: 'syncErrFull',
  server: 'syncErrServer',
  'bad-answer': 'syncErrBadAnswer',
};

/** What went wrong, in words; a server's own text is never shown (it is untrusted). */
export function syncErrorText(e: unknown): string {
  if (e instanceof DavError) return t(ERROR_TEXT[e.kind]);
  return t('syncErrOther', e instanceof Error ? e.name : 'Error');
}

/** The same for a failure recorded by kind (an automatic sync's). */
export function syncKindText(kind: string): string {
  return Object.hasOwn(ERROR_TEXT, kind) ? t(ERROR_TEXT[kind as DavErrorKind]) : t('syncErrOther', kind);
}

/** `已同步 · 2 分钟前`; an older sync by its date. */
export function syncedText(at: number, now = Date.now()): string {
  const minutes = Math.floor((now - at) / 60_000);
  const when = minutes < 1 ? t('syncJustNow') : minutes < 60 ? t('syncMinutesAgo', formatNumber(minutes)) : formatDate(at);
  return t('syncDone', when);
}

export const syncProgressText = (done: number, total: number): string => t('syncRunning', formatNumber(done), formatNumber(total));
