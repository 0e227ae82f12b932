/** URLs of the extension's own pages. */

export type SitePage = 'library' | 'transfer' | 'settings' | 'welcome';

const PATHS: Record<SitePage, string> = {
  library: 'src/ui/library/library.html',
  transfer: 'src/ui/transfer/transfer.html',
  settings: 'src/ui/settings/settings.html',
  welcome: 'src/ui/welcome/welcome.html',
};

export function pageUrl(page: SitePage): string {
  return chrome.runtime.getURL(PATHS[page]);
}

export function readerUrl(key: string): string {
  return chrome.runtime.getURL(`src/ui/reader/reader.html#${encodeURIComponent(key)}`);
}

export function libraryUrl(query = ''): string {
  return `${pageUrl('library')}${query ? `#q=${encodeURIComponent(query)}` : ''}`;
}

/**
 * A plain click on a link to the settings opens the options page (one tab, focused if it is open
 * already); a middle or modified click keeps the browser's own behaviour with the link's href.
 */
export function openSettings(e: MouseEvent): void {
  if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  void chrome.runtime.openOptionsPage();
}
