/**
 * An AbortSignal that fires when this content script's extension context dies (reload, update,
 * uninstall), so the buttons and observers of a dead instance never linger as zombies.
 *
 * No port is held open: a port to the service worker drops whenever the worker idles, and
 * reconnecting would wake the worker again and again for as long as a Zhihu tab is open.
 * Checking `chrome.runtime.id` (undefined once the context is invalidated) costs nothing.
 */
const CHECK_EVERY_MS = 5_000;

export interface Lifetime {
  signal: AbortSignal;
  /** Aborts now if the context is gone; call before doing extension work. Returns whether alive. */
  check(): boolean;
}

export function extensionLifetime(): Lifetime {
  const controller = new AbortController();
  const check = (): boolean => {
    if (!controller.signal.aborted && !contextAlive()) controller.abort();
    return !controller.signal.aborted;
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  controller.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return { signal: controller.signal, check };
}

function contextAlive(): boolean {
  try {
    return Boolean(chrome.runtime?.id);
  } catch {
    return false;
  }
}
