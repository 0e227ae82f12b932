/** User settings, validated when read: a bad stored value falls back to the default. */
import browser from 'webextension-polyfill';

export type ImageQuality = 'display' | 'original';

export interface Settings {
  imageQuality: ImageQuality;
}

const DEFAULTS: Settings = { imageQuality: 'display' };

export async function loadSettings(): Promise<Settings> {
  const raw = (await browser.storage.local.get('settings')).settings as Partial<Settings> | undefined;
  return {
    imageQuality: raw?.imageQuality === 'original' ? 'original' : DEFAULTS.imageQuality,
  };
}
