/** Click → capture → (API fallback for partial pages) → background save → visible result on the button. */
import { extractItem, type ItemRoot } from '../extract';
import { MessageError, send } from '../messaging/client';
import type { SaveResult } from '../messaging/protocol';
import type { PostKey } from '../storage/types';
import { t } from '../shared/i18n';
import { ERROR_TEXT } from '../shared/error-text';
import { reasonKey } from '../shared/reasons';
import { interrupted, setState } from './button';
import { fetchFullItem } from './fetch-full';
import { onSaveProgress } from './save-progress';

const POLL_MS = 1_500;
const POLL_LIMIT_MS = 5 * 60_000;

export async function saveItem(root: ItemRoot, button: HTMLButtonElement): Promise<void> {
  setState(button, 'saving', t('saving'));
  const captured = extractItem(root, location.href);
  if (!captured) {
    setState(button, 'error', t('saveFailed', t('errorExtract')));
    return;
  }
  // Never silently truncated (issue #3): a partial page gets one API try; failing that it is saved, flagged partial.
  const item = (await fetchFullItem(captured, location.origin)) ?? captured;
  const key = `${item.kind}:${item.id}` as PostKey;
  const stop = onSaveProgress(key, (done, total) => {
    if (total > 0 && button.dataset.zoState === 'saving') setState(button, 'saving', t('savingProgress', done, total));
  });
  try {
    showResult(button, await send('capture/save', { item }));
  } catch (e) {
    if (e instanceof MessageError) setState(button, 'error', t('saveFailed', t(ERROR_TEXT[e.code])));
    else await followUp(button, key);
  } finally {
    stop();
  }
}

/**
 * The reply was lost (the worker was stopped mid-save, or the extension updated). The capture is
 * durable in the outbox, so ask until it lands; each ask also wakes the worker to resume it.
 */
async function followUp(button: HTMLButtonElement, key: PostKey): Promise<void> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  // An invalidated context (the extension was reloaded) can never answer: say so at once.
  while (Date.now() < deadline && contextAlive()) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    try {
      const status = await send('capture/status', { key });
      if (status.state === 'saved' && status.result) return showResult(button, status.result);
      if (status.state === 'unknown') break;
    } catch (e) {
      if (e instanceof MessageError) break;
    }
  }
  if (contextAlive()) setState(button, 'error', t('saveFailed', t('errorInternal')));
  else interrupted(button);
}

function contextAlive(): boolean {
  try {
    return Boolean(chrome.runtime?.id);
  } catch {
    return false;
  }
}

function showResult(button: HTMLButtonElement, result: SaveResult): void {
  if (!result.complete) setState(button, 'saved', t('savedIncomplete', t(reasonKey(result.incompleteReason))));
  else if (result.missingImages > 0) setState(button, 'saved', t('savedMissingImages', result.missingImages));
  else setState(button, 'saved', t('saved'));
}
