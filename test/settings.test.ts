// Settings are validated when read and when written (src/settings): a bad stored value falls back
// to its default on its own, a bad write writes nothing, and keys this build does not know are kept.
import { describe, expect, it } from 'vitest';
import { GROUPS, SETTINGS } from '../src/settings/registry';
import { InvalidSettingError, settingsFrom, withSetting } from '../src/settings/validate';

const defaults = Object.fromEntries(Object.entries(SETTINGS).map(([k, d]) => [k, d.default]));

describe('settings', () => {
  it('every default passes its own schema, and every setting is shown in exactly one group', () => {
    expect(settingsFrom(defaults)).toEqual(defaults);
    const shown = GROUPS.flatMap((g) => g.keys);
    expect([...shown].sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it('nothing stored, or not an object: the defaults', () => {
    for (const raw of [undefined, null, 'original', 42, [], true]) expect(settingsFrom(raw)).toEqual(defaults);
    expect(settingsFrom(undefined).imageQuality).toBe('display');
  });

  it('a bad stored value falls back to its default; a good one is read as stored', () => {
    for (const bad of ['ORIGINAL', 'hd', '', 1, null, { value: 'original' }, ['original']]) {
      expect(settingsFrom({ imageQuality: bad }).imageQuality, JSON.stringify(bad)).toBe('display');
    }
    expect(settingsFrom({ imageQuality: 'original' }).imageQuality).toBe('original');
    expect(settingsFrom({ imageQuality: 'original', somethingNewer: 5 })).toEqual({ ...defaults, imageQuality: 'original' });
    // Batch save's: a delay a test sets (20 ms) is valid; a negative, fractional or huge one is not.
    expect(settingsFrom({ batchDelayMs: 20 }).batchDelayMs).toBe(20);
    for (const bad of [-1, 1.5, 1e9, '1000', NaN, null]) expect(settingsFrom({ batchDelayMs: bad }).batchDelayMs, String(bad)).toBe(1_000);
    expect(settingsFrom({ batchTags: 'no' }).batchTags).toBe(true);
    expect(settingsFrom({ batchTags: false }).batchTags).toBe(false);
  });

  it('a write is validated: a bad value throws and writes nothing; unknown stored keys are kept', () => {
    expect(() => withSetting({}, 'imageQuality', 'huge')).toThrow(InvalidSettingError);
    expect(() => withSetting({}, 'nope' as 'imageQuality', 'original')).toThrow(InvalidSettingError);
    expect(withSetting({ batchDelayMs: 3000, imageQuality: 'bogus' }, 'imageQuality', 'original')).toEqual({ batchDelayMs: 3000, imageQuality: 'original' });
    expect(withSetting('garbage', 'imageQuality', 'display')).toEqual({ imageQuality: 'display' });
  });
});
