/**
 * After install or update, Zhihu tabs that are already open get the content script now: the
 * browser injects manifest content scripts only into pages loaded later, so without this the user
 * sees no button until a refresh. After an update the old instance steps aside on its own
 * (src/content/lifetime.ts) and the injected one takes over (src/content/instance.ts). A fresh
 * install also opens the first-run page.
 */

const WELCOME = 'src/ui/welcome/welcome.html';

/** Injects every manifest content script (and its CSS) into the open tabs it matches. Returns the tab count. */
export async function injectIntoOpenTabs(): Promise<number> {
  let injected = 0;
  for (const script of chrome.runtime.getManifest().content_scripts ?? []) {
    if (!script.matches?.length || !script.js?.length) continue;
    // The URL filter sees Zhihu tabs through the host permission; no `tabs` permission is needed.
    const tabs = await chrome.tabs.query({ url: script.matches });
    const results = await Promise.allSettled(
      tabs
        // A discarded tab runs nothing until it is reloaded, and then it gets the manifest's script.
        .filter((tab) => tab.id !== undefined && !tab.discarded)
        .map(async (tab) => {
          const target = { tabId: tab.id as number };
          if (script.css?.length) await chrome.scripting.insertCSS({ target, files: script.css });
          await chrome.scripting.executeScript({ target, files: script.js as string[] });
        }),
    );
    injected += results.filter((r) => r.status === 'fulfilled').length;
    // A tab can close or navigate away meanwhile, or be an error page: nothing to do there.
    for (const r of results) if (r.status === 'rejected') console.info('[zhihu-offline] not injected:', r.reason);
  }
  return injected;
}

export function onInstalled(details: chrome.runtime.InstalledDetails): void {
  if (details.reason !== 'install' && details.reason !== 'update') return;
  void injectIntoOpenTabs().catch((e: unknown) => console.warn('[zhihu-offline] injection failed', e));
  if (details.reason === 'install') void chrome.tabs.create({ url: chrome.runtime.getURL(WELCOME) });
}
