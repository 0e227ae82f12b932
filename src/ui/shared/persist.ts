/**
 * Asks the browser to keep our storage under pressure (issue #4): without it, an eviction could
 * drop the whole library. Chromium decides by its own heuristics (headless answered false here);
 * there the `unlimitedStorage` permission is what exempts the extension's data. Firefox honours
 * the request. Pages ask, not the worker: StorageManager.persist() is exposed to windows only.
 */
export function requestPersistentStorage(): void {
  void navigator.storage?.persist?.().catch(() => undefined);
}
