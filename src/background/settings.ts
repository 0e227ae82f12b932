/** User settings, validated when read: a bad stored value falls back to the default. */
import browser from 'webextension-polyfill';

export type ImageQuality = 'display' | 'original';

export interface Settings {
  imageQuality: ImageQuality;
}

/** Batch save (#14), kept apart: the save pipeline never needs them. */
export interface BatchSettings {
  /** The least time between two API requests of one batch; up to half of it again is added as jitter. */
  batchDelayMs: number;
  /** Tag items from a 收藏夹 / column with 收藏夹:<name> / 专栏:<name>. */
  batchTags: boolean;
}

/** Polite by default: about one request a second per batch, as a reader scrolling would make. */
export const DEFAULT_BATCH_DELAY_MS = 1_000;
const DEFAULTS: Settings & BatchSettings = { imageQuality: 'display', batchDelayMs: DEFAULT_BATCH_DELAY_MS, batchTags: true };

type Stored = Partial<Settings & BatchSettings> | undefined;

async function stored(): Promise<Stored> {
  return (await browser.storage.local.get('settings')).settings as Stored;
}

export async function loadSettings(): Promise<Settings> {
  const raw = await stored();
  return {
    imageQuality: raw?.imageQuality === 'original' ? 'original' : DEFAULTS.imageQuality,
  };
}

export async function loadBatchSettings(): Promise<BatchSettings> {
  const raw = await stored();
  const delay = raw?.batchDelayMs;
  return {
    batchDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 && delay <= 600_000 ? delay : DEFAULTS.batchDelayMs,
    batchTags: typeof raw?.batchTags === 'boolean' ? raw.batchTags : DEFAULTS.batchTags,
  };
}
