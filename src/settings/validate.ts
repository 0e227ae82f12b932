/** Pure: stored values in, valid settings out. No browser API, so Node tests import it. */
import * as v from 'valibot';
import { SETTINGS, type SettingKey, type Settings } from './registry';

/** Where the settings live in storage.local: one object, so a change is one onChanged event. */
export const STORAGE_KEY = 'settings';

/** Each value that fails its schema (or is missing) falls back to its default, on its own. */
export function settingsFrom(raw: unknown): Settings {
  const stored = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const def = SETTINGS[key];
    const parsed = v.safeParse(def.schema, stored[key]);
    out[key] = parsed.success ? parsed.output : def.default;
  }
  return out as Settings;
}

export class InvalidSettingError extends Error {
  constructor(readonly key: string) {
    super(`invalid value for setting ${key}`);
    this.name = 'InvalidSettingError';
  }
}

/**
 * The stored object with one setting changed. Keys this build does not know (a newer build's, or
 * another branch's) are kept as they are; a value its schema refuses is never written.
 */
export function withSetting<K extends SettingKey>(raw: unknown, key: K, value: unknown): Record<string, unknown> {
  if (!Object.hasOwn(SETTINGS, key)) throw new InvalidSettingError(String(key));
  const parsed = v.safeParse(SETTINGS[key].schema, value);
  if (!parsed.success) throw new InvalidSettingError(key);
  const stored = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return { ...stored, [key]: parsed.output };
}
