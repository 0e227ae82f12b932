/**
 * Why an export failed, in the user's words. The browser's own messages for a file it cannot
 * write are English and technical ("An attempt was made to modify an object where modifications
 * are not allowed."); the common ones are said plainly, anything else is shown as it came.
 */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';

const BY_NAME: Readonly<Record<string, MessageKey>> = {
  QuotaExceededError: 'exportFailedNoSpace',
  NoModificationAllowedError: 'exportFailedFileBusy',
  NotAllowedError: 'exportFailedNoPermission',
  SecurityError: 'exportFailedNoPermission',
  NotFoundError: 'exportFailedFileGone',
};

export function exportFailureReason(err: unknown): string {
  const key = err instanceof DOMException ? BY_NAME[err.name] : undefined;
  if (key) return t(key);
  return err instanceof Error ? err.message : String(err);
}
