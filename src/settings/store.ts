/**
 * Reading and writing settings in storage.local, for the worker and the pages. Nobody caches:
 * the worker reads the current value at each save, and pages follow onChanged, so a change
 * takes effect without a reload.
 */
import type { SettingKey, Settings } from './registry';
import { STORAGE_KEY, settingsFrom, withSetting } from './validate';

export async function loadSettings(): Promise<Settings> {
  return settingsFrom((await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY]);
}

/** Throws InvalidSettingError, writing nothing, if `value` fails the setting's schema. */
export async function saveSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  const current = (await chrome.storage.local.get(STORAGE_KEY))[STORAGE_KEY];
  await chrome.storage.local.set({ [STORAGE_KEY]: withSetting(current, key, value) });
}

/** Calls `listener` with the valid settings whenever any context changes them. Returns an unsubscribe. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, chrome.storage.StorageChange>, area: string): void => {
    if (area === 'local' && STORAGE_KEY in changes) listener(settingsFrom(changes[STORAGE_KEY]?.newValue));
  };
  chrome.storage.onChanged.addListener(handler);
  return () => chrome.storage.onChanged.removeListener(handler);
}
