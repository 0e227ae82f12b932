/**
 * The worker's view of the user settings. They live in src/settings (schemas, defaults, the page's
 * groups); these names stay so the worker's imports do not change.
 */
import { loadSettings, type Settings } from '../settings';

export { loadSettings, type ImageQuality, type Settings } from '../settings';

/** Batch save's own settings, apart: the save pipeline never needs them. */
export type BatchSettings = Pick<Settings, 'batchDelayMs' | 'batchTags'>;

export async function loadBatchSettings(): Promise<BatchSettings> {
  const { batchDelayMs, batchTags } = await loadSettings();
  return { batchDelayMs, batchTags };
}

/** What a save reads: image quality only (tests and callers pass just that). */
export type SaveSettings = Pick<Settings, 'imageQuality'>;
