/**
 * "保存本页的回答/文章" in the popup. Least permission: no `tabs`, no `activeTab`. The host
 * permission on zhihu.com already lets tabs.query see the URL of a Zhihu tab (and of no other),
 * and the background asks that tab's content script to save the item in view.
 */
import { MessageError, send } from '../../messaging/client';
import { ERROR_TEXT } from '../../shared/error-text';
import { t } from '../../shared/i18n';
import { mustGet } from '../shared/dom';

const ZHIHU = /^https:\/\/(www|zhuanlan)\.zhihu\.com\//;

export async function offerSavePage(onSaved: () => void): Promise<void> {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined || !ZHIHU.test(tab.url ?? '')) return;
  const tabId = tab.id;
  const button = mustGet<HTMLButtonElement>('save-page-button');
  mustGet('save-page').hidden = false;
  button.addEventListener('click', () => void save(tabId, button, onSaved));
}

async function save(tabId: number, button: HTMLButtonElement, onSaved: () => void): Promise<void> {
  const status = mustGet('save-page-status');
  button.disabled = true;
  status.textContent = t('saving');
  try {
    const r = await send('tab/save-in-view', { tabId });
    if (!r.key) {
      status.textContent = t('savePageNothing');
      return;
    }
    status.textContent = (await waitSaved(r.key)) ? t('saved') : t('savePageLater');
    onSaved();
  } catch (e) {
    status.textContent = t('saveFailed', t(e instanceof MessageError ? ERROR_TEXT[e.code] : 'errorReloadPage'));
  } finally {
    button.disabled = false;
  }
}

/** The save runs in the tab (its button shows progress); the popup only waits for the result. */
async function waitSaved(key: `${'answer' | 'article' | 'pin'}:${string}`): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const s = await send('capture/status', { key });
    if (s.state === 'saved') return true;
  }
  return false;
}
