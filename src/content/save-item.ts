/** Click → capture → background save → visible result on the button. */
import { extractItem, type ItemRoot } from '../extract';
import { MessageError, send } from '../messaging/client';
import type { ErrorCode } from '../messaging/protocol';
import { t } from '../shared/i18n';
import type { MessageKey } from '../shared/message-keys';
import { reasonKey } from '../shared/reasons';
import { setState } from './button';

const ERROR_TEXT: Record<ErrorCode, MessageKey> = {
  rejected: 'errorRejected',
  invalid: 'errorInvalid',
  quota: 'errorQuota',
  storage: 'errorStorage',
  internal: 'errorInternal',
};


export async function saveItem(root: ItemRoot, button: HTMLButtonElement): Promise<void> {
  setState(button, 'saving', t('saving'));
  const item = extractItem(root, location.href);
  if (!item) {
    setState(button, 'error', t('saveFailed', t('errorExtract')));
    return;
  }
  try {
    const result = await send('capture/save', { item });
    if (!result.complete) setState(button, 'saved', t('savedIncomplete', t(reasonKey(result.incompleteReason))));
    else if (result.missingImages > 0) setState(button, 'saved', t('savedMissingImages', result.missingImages));
    else setState(button, 'saved', t('saved'));
  } catch (e) {
    const reason = e instanceof MessageError ? t(ERROR_TEXT[e.code]) : t('errorExtensionReloaded');
    setState(button, 'error', t('saveFailed', reason));
  }
}
