/**
 * An AbortSignal that fires when this content script's extension context dies (reload, update,
 * uninstall), so the buttons and observers of a dead instance never linger as zombies.
 */

export function extensionLifetime(): AbortSignal {
  const controller = new AbortController();
  const connect = (): void => {
    let port: chrome.runtime.Port;
    try {
      port = chrome.runtime.connect({ name: 'zo-lifetime' });
    } catch {
      controller.abort();
      return;
    }
    port.onDisconnect.addListener(() => {
      // A service worker that merely went idle also drops the port; the context is still alive then.
      if (contextAlive()) setTimeout(connect, 1_000);
      else controller.abort();
    });
  };
  connect();
  return controller.signal;
}

function contextAlive(): boolean {
  try {
    return Boolean(chrome.runtime.id);
  } catch {
    return false;
  }
}
