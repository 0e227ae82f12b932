/**
 * Content script on zhihu.com: a save button on every answer and article. At load it only clears
 * stale buttons and starts one debounced observer; buttons, listeners and badges come at the
 * first idle moment, so the page's own start-up never waits for us.
 */
import { watchBadges } from './badges';
import { anotherInstanceAlive, markInstance } from './instance';
import { extensionLifetime, type Lifetime } from './lifetime';
import { placeButtons, removeStaleButtons } from './place-buttons';
import { listenForNormalize } from './normalize';
import { listenForSaveInView } from './save-in-view';
import { listenForProgress } from './save-progress';
import { send } from '../messaging/client';
import { sourceFromUrl } from '../shared/batch-source';

function start(): void {
  // User Timing is shared with the page's timeline: `npm run bench` reads these measures (#3: ≤ 5 ms at load).
  performance.mark('zhihu-offline:start');
  // Injected at install or update into a tab that already runs a live copy: that copy keeps it.
  if (anotherInstanceAlive()) return;
  removeStaleButtons(document);
  const lifetime = extensionLifetime();
  markInstance(lifetime.check);
  const { signal } = lifetime;
  observeNewItems(lifetime);
  performance.measure('zhihu-offline:init', 'zhihu-offline:start');
  // The rest waits for an idle moment: the first chrome.i18n / runtime.onMessage calls cost a few
  // milliseconds each, and none of it is needed before the page has finished its own work.
  whenIdle(() => {
    if (!lifetime.check()) return;
    performance.mark('zhihu-offline:idle');
    listenForProgress(signal);
    placeButtons(document, signal);
    listenForSaveInView(signal);
    watchBadges(document, signal);
    // The 保存全部… button is a script of its own, injected on list pages only (save-all-entry.ts).
    if (sourceFromUrl(location.href)) void send('batch/offer', {}).catch(() => undefined);
    listenForNormalize(signal);
    performance.measure('zhihu-offline:placed', 'zhihu-offline:idle');
  });
}

function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else setTimeout(work, 50);
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
