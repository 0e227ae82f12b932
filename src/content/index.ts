/**
 * Content script on zhihu.com: a save button on every answer and article. It does no work
 * at load beyond one scan, and one debounced observer for items that arrive later.
 */
import { watchBadges } from './badges';
import { extensionLifetime, type Lifetime } from './lifetime';
import { placeButtons, removeStaleButtons } from './place-buttons';
import { listenForSaveInView } from './save-in-view';
import { listenForProgress } from './save-progress';

function start(): void {
  // User Timing is shared with the page's timeline: `npm run bench` reads this measure (#3: ≤ 5 ms at load).
  performance.mark('zhihu-offline:start');
  removeStaleButtons(document);
  const lifetime = extensionLifetime();
  const { signal } = lifetime;
  listenForProgress(signal);
  placeButtons(document, signal);
  observeNewItems(lifetime);
  listenForSaveInView(signal);
  watchBadges(document, signal);
  performance.measure('zhihu-offline:init', 'zhihu-offline:start');
}

function observeNewItems({ signal, check }: Lifetime): void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    // Batch bursts of mutations (infinite scroll) into one scan (timers, unlike frames, also run in background tabs).
    setTimeout(() => {
      pending = false;
      if (check()) placeButtons(document, signal);
    }, 50);
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}

start();
