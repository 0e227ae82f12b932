// @vitest-environment node
// Zip64 sizes and offsets past 4 GiB, read through a RandomAccess whose bytes are computed
// (test/support/synthetic-zip.ts): the shipped writer writes a 4 GiB + entry and an entry after
// it, the shipped reader reads every byte back and checks it, and no more than a few MiB are held.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, openZip } from '../src/zip/reader';
import { patternBlock, syntheticZip, type PatternEntry } from './support/synthetic-zip';

const MiB = 1024 * 1024;
const FOUR_GIB = 2 ** 32;

/** Compares `chunk` with the entry's data from `at`, a block-sized run at a time (memcmp). */
function matches(entry: PatternEntry, chunk: Uint8Array, at: number): boolean {
  const block = Buffer.from(entry.block.buffer, entry.block.byteOffset, entry.block.length);
  for (let i = 0; i < chunk.length; ) {
    const from = (at + i) % block.length;
    const n = Math.min(block.length - from, chunk.length - i);
    if (!Buffer.from(chunk.buffer, chunk.byteOffset + i, n).equals(block.subarray(from, from + n))) return false;
    i += n;
  }
  return true;
}

describe('zip: Zip64 past 4 GiB (synthetic source)', () => {
  it('reads back an entry larger than 4 GiB and entries stored past the 4 GiB offset', async () => {
    // Odd block lengths: a read off by any amount lands on other bytes.
    const entries: PatternEntry[] = [
      { name: 'manifest.json', block: patternBlock(1000, 1), size: 3001 },
      { name: 'images/大图.bin', block: patternBlock(MiB + 13, 2), size: FOUR_GIB + 5 * MiB + 7 },
      { name: 'posts/answer/1.json', block: patternBlock(64 * 1024 + 1, 3), size: 200_000 },
      { name: 'posts/answer/2.json', block: patternBlock(999, 4), size: 0 },
    ];
    const src = await syntheticZip(entries);
    expect(src.size).toBeGreaterThan(FOUR_GIB + 5 * MiB);
    const zip = await openZip(src, { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: MiB });
    expect(zip.ok).toBe(true);
    if (!zip.ok) return;
    expect(zip.value.entries.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    const big = zip.value.get('images/大图.bin')!;
    expect(big.size).toBe(entries[1]!.size);
    expect(zip.value.get('posts/answer/1.json')!.localOffset).toBeGreaterThan(FOUR_GIB);

    for (const [i, expected] of entries.entries()) {
      const e = zip.value.entries[i]!;
      let at = 0;
      let bad = 0;
      for await (const chunk of zip.value.chunks(e)) {
        if (!matches(expected, chunk, at)) bad++;
        at += chunk.length;
      }
      expect({ name: e.name, at, bad }).toEqual({ name: expected.name, at: expected.size, bad: 0 });
    }
    // Entries read whole stay under maxEntryBytes; the 4 GiB one is refused that way, not read.
    const whole = await zip.value.read(big);
    expect(whole.ok ? 'ok' : whole.error.code).toBe('zip_too_large');
  }, 240_000);
});
