/** URLs of the extension's own pages. */
import browser from 'webextension-polyfill';

export function readerUrl(key: string): string {
  return browser.runtime.getURL(`src/ui/reader/reader.html#${encodeURIComponent(key)}`);
}

export function libraryUrl(query = ''): string {
  return browser.runtime.getURL(`src/ui/library/library.html${query ? `#q=${encodeURIComponent(query)}` : ''}`);
}
