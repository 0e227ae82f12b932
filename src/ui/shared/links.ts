/** URLs of the extension's own pages. */

export function readerUrl(key: string): string {
  return chrome.runtime.getURL(`src/ui/reader/reader.html#${encodeURIComponent(key)}`);
}

export function libraryUrl(query = ''): string {
  return chrome.runtime.getURL(`src/ui/library/library.html${query ? `#q=${encodeURIComponent(query)}` : ''}`);
}
