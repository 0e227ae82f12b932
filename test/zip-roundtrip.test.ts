// @vitest-environment node
// The one ZIP module (src/zip) reads back what it writes: names (CJK, emoji, up to the 255-byte
// limit), sizes (empty to a few hundred KB, stored and deflated), and entry counts on both sides
// of the Zip64 threshold (65,535); plus archives of 65,535+ entries that client-zip wrote without
// Zip64 end records, which older backups are.
import fc from 'fast-check';
import { makeZip } from 'client-zip';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { foldedName, entryNameProblem } from '../src/zip/names';
import { bytesSource, readZip } from '../src/zip/reader';
import { collectStream, fixedMtime, zipBytes } from '../src/zip/writer';

const CHARS = [...'abcXYZ019-_.~知乎离线答案文章图片🙂é'];
const segment = fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 40 }).map((c) => c.join(''));
const name = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  fc.integer({ min: 1, max: 85 }).map((n) => `posts/${'知'.repeat(n)}`.slice(0, 6 + 83)), // up to 255 bytes
).filter((n) => entryNameProblem(n) === null);

const PATTERN = Uint8Array.from({ length: 301_000 }, (_, i) => (i * 31) % 251);
const bytesOf = (size: number, seed: number): Uint8Array => PATTERN.subarray(seed, seed + size);
/** memcmp: vitest's toEqual walks a typed array element by element, seconds per run here. */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
const encoder = new TextEncoder();
/** Text of about `size` UTF-8 bytes, one to four bytes a character. */
const textOf = (size: number, seed: number): string => Array.from(bytesOf(Math.ceil(size / 3), seed), (b) => CHARS[b % CHARS.length]).join('');

const entry = fc.record({ size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 60_000, max: 300_000 })), seed: fc.integer({ min: 0, max: 250 }), text: fc.boolean() });

describe('zip: round trip (fast-check)', () => {
  it('reads back every name and byte the writer wrote', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 25, selector: foldedName }), fc.array(entry, { minLength: 25, maxLength: 25 }), async (names, specs) => {
        // Strings go through the writer's UTF-8 encoding into its chunks; bytes are copied or passed on whole.
        const files = names.map((n, i) => {
          const { size, seed, text } = specs[i]!;
          const data = text ? textOf(size, seed) : bytesOf(size, seed);
          return { name: n, data, bytes: typeof data === 'string' ? encoder.encode(data) : data };
        });
        const zip = await zipBytes(files.map((f) => ({ name: f.name, data: f.data })));
        const read = await readZip(bytesSource(zip));
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect([...read.value.keys()]).toEqual(files.map((f) => f.name));
        for (const f of files) expect(same(read.value.get(f.name), f.bytes)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('reads deflated entries other tools write, with the same names', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 10, selector: foldedName }), async (names) => {
        const files = Object.fromEntries(names.map((n, i) => [n, bytesOf(1000 + i * 997, i)]));
        const read = await readZip(bytesSource(zipSync(files, { level: 6 })));
        expect(read.ok).toBe(true);
        if (read.ok) for (const n of names) expect(same(read.value.get(n), files[n]!)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('reads back entry counts on both sides of 65,535 (Zip64 end records)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(65_534, 65_535, 65_536, 70_001), async (count) => {
        const zip = await zipBytes(Array.from({ length: count }, (_, i) => ({ name: `images/${i}.bin`, data: bytesOf(i % 3, i) })));
        const eocd = new DataView(zip.buffer, zip.byteOffset + zip.length - 22, 22);
        expect(eocd.getUint16(10, true)).toBe(Math.min(count, 0xffff));
        // Zip64 end records sit right before the classic one from 65,535 entries on.
        const hasZip64 = new DataView(zip.buffer, zip.byteOffset + zip.length - 42, 4).getUint32(0, true) === 0x07064b50;
        expect(hasZip64).toBe(count >= 0xffff);
        const read = await readZip(bytesSource(zip));
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect(read.value.size).toBe(count);
        for (const i of [0, 1, 2, count - 1]) expect(same(read.value.get(`images/${i}.bin`), bytesOf(i % 3, i))).toBe(true);
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('reads 65,536 entries that client-zip wrote with a saturated count and no Zip64 record', async () => {
    const count = 65_536;
    const lastModified = fixedMtime();
    const input = Array.from({ length: count }, (_, i) => ({ name: `images/${i}.bin`, lastModified, input: bytesOf(1, i) }));
    const zip = await collectStream(makeZip(input, { buffersAreUTF8: true }));
    expect(new DataView(zip.buffer, zip.byteOffset + zip.length - 42, 4).getUint32(0, true)).not.toBe(0x07064b50);
    const read = await readZip(bytesSource(zip));
    expect(read.ok ? read.value.size : read.error).toBe(count);
  }, 120_000);

  it('refuses a directory that holds fewer entries than its end record says', async () => {
    const zip = (await zipBytes([{ name: 'a', data: 'x' }, { name: 'b', data: 'y' }])).slice();
    new DataView(zip.buffer).setUint16(zip.length - 22 + 8, 3, true);
    new DataView(zip.buffer).setUint16(zip.length - 22 + 10, 3, true);
    const read = await readZip(bytesSource(zip));
    expect(read.ok ? 'ok' : read.error.code).toBe('zip_corrupt');
  });
});
