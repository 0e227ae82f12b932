/**
 * Content script on zhihu.com: a save button on every answer and article. It does no work
 * at load beyond one scan, and one debounced observer for items that arrive later.
 */
import { watchBadges } from './badges';
import { extensionLifetime } from './lifetime';
import { placeButtons, removeStaleButtons } from './place-buttons';
import { listenForSaveInView } from './save-in-view';
import { listenForProgress } from './save-progress';

function start(): void {
  removeStaleButtons(document);
  const signal = extensionLifetime();
  listenForProgress(signal);
  placeButtons(document, signal);
  observeNewItems(signal);
  listenForSaveInView(signal);
  watchBadges(document, signal);
}

function observeNewItems(signal: AbortSignal): void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    // Batch bursts of mutations (infinite scroll) into one scan (timers, unlike frames, also run in background tabs).
    setTimeout(() => {
      pending = false;
      if (!signal.aborted) placeButtons(document, signal);
    }, 50);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}

start();
