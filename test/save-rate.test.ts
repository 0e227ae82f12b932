// A tab may ask for saves at a person's pace; a page that forges them is held back.
import { describe, expect, it } from 'vitest';
import { takeSave } from '../src/background/save-rate';

describe('takeSave', () => {
  it('allows a burst of 20, then 30 a minute, per tab; pages without a tab are not limited', () => {
    const t0 = 1_000_000;
    const burst = Array.from({ length: 25 }, () => takeSave(7, t0));
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(takeSave(8, t0)).toBe(true);
    expect(takeSave(7, t0 + 1_000)).toBe(false);
    expect(takeSave(7, t0 + 2_000)).toBe(true);
    // Asking ten times a second for a minute after that: 30 more (one every 2 s), no more.
    const sustained = Array.from({ length: 600 }, (_, i) => takeSave(7, t0 + 2_000 + (i + 1) * 100)).filter(Boolean).length;
    expect(sustained).toBe(30);
    expect(Array.from({ length: 100 }, () => takeSave(undefined, t0)).every(Boolean)).toBe(true);
    // Tabs idle long enough to be full again are forgotten; a forgotten tab starts full, as it would be.
    for (let tab = 100; tab < 200; tab++) takeSave(tab, t0);
    expect(Array.from({ length: 25 }, () => takeSave(150, t0 + 10 * 60_000)).filter(Boolean)).toHaveLength(20);
  });
});
