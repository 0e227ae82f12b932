/**
 * The 保存全部… button (issue #14) on question, 收藏夹, column and people pages. A click (a real one:
 * `isTrusted`) asks the worker to save the whole list; the worker does the fetching and saving and sends
 * progress back. Clicking a paused button continues the batch.
 */
import { MessageError, send } from '../messaging/client';
import type { BatchProgressEvent, BatchSummary } from '../messaging/protocol';
import { batchIdOf, sourceFromUrl } from '../shared/batch-source';
import { t } from '../shared/i18n';
import type { MessageKey } from '../shared/message-keys';
import { ERROR_TEXT } from '../shared/error-text';
import { readInitialState } from '../extract/initial-data';
import type { BatchSource } from '../storage/batch-types';
import { readBatchPage, pageCount } from './batch-page';

export const SAVE_ALL_ATTR = 'save-all';

/**
 * Where the button goes: after the list's title. The last match: a question page also has a copy of its
 * title in the sticky header that shows only when scrolled (question-372203058.html).
 */
const ANCHORS = ['h1.QuestionHeader-title', '.CollectionDetailPageHeader-title', 'h1'];

function countLabel(s: BatchSource, count: number | null): string {
  if (count === null) return t('saveAll');
  const key: MessageKey = s.kind === 'question' || (s.kind === 'people' && s.tab === 'answers') ? 'saveAllAnswers'
    : s.kind === 'column' || (s.kind === 'people' && s.tab === 'posts') ? 'saveAllArticles'
    : s.kind === 'people' ? 'saveAllPins' : 'saveAllItems';
  return t(key, count);
}

export function placeSaveAll(doc: Document, signal: AbortSignal): void {
  const source = sourceFromUrl(doc.location.href);
  if (!source || doc.querySelector(`[data-zo-action="${SAVE_ALL_ATTR}"]`)) return;
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'zo-save-button zo-save-all';
  button.setAttribute('data-zo-action', SAVE_ALL_ATTR);
  button.dataset.zoBatch = batchIdOf(source);
  show(button, 'idle', countLabel(source, pageCount(readInitialState(doc), source)));
  button.addEventListener('click', (ev) => {
    ev.preventDefault();
    ev.stopPropagation();
    // Only the user's own click starts a batch; a page script's synthetic click does not (T7).
    if (!ev.isTrusted || button.dataset.zoState === 'saving') return;
    void start(button, doc, source);
  }, { signal });
  const anchor = ANCHORS.map((s) => Array.from(doc.querySelectorAll(s)).at(-1)).find((el) => el !== undefined);
  if (anchor) anchor.after(button);
  else doc.body.prepend(button);
  signal.addEventListener('abort', () => button.remove(), { once: true });
  listenForBatchProgress(button, signal);
}

async function start(button: HTMLButtonElement, doc: Document, source: BatchSource): Promise<void> {
  show(button, 'saving', t('batchStarting'));
  try {
    showSummary(button, await send('batch/start', readBatchPage(doc, source, doc.location.href)));
  } catch (e) {
    show(button, 'error', t('saveFailed', t(e instanceof MessageError ? ERROR_TEXT[e.code] : 'errorInternal')));
  }
}

function showSummary(button: HTMLButtonElement, s: BatchSummary): void {
  show(button, s.view, s.text);
}

function show(button: HTMLButtonElement, state: string, text: string): void {
  button.dataset.zoState = state;
  button.textContent = text;
  button.setAttribute('aria-busy', String(state === 'saving'));
}

function listenForBatchProgress(button: HTMLButtonElement, signal: AbortSignal): void {
  const handler = (message: unknown, sender: chrome.runtime.MessageSender): undefined => {
    // Only our own background (no tab) reports progress.
    if (sender.id !== chrome.runtime.id || sender.tab) return;
    const e = message as Partial<BatchProgressEvent> | null;
    if (e?.type !== 'batch/progress' || e.id !== button.dataset.zoBatch || typeof e.text !== 'string') return;
    showSummary(button, e as BatchProgressEvent);
  };
  chrome.runtime.onMessage.addListener(handler);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(handler), { once: true });
}
