// @vitest-environment node
// streamedSource (src/zip/random-access.ts) answers every read as the bytes themselves would, in any
// order, from a real Blob's stream; and reading a backup through it opens a stream only for the
// directory at the end and once more from the start (each new stream is a Blob.slice of the File).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBackup } from '../src/backup/read';
import { backupZip, sourceOf } from '../src/backup/write';
import { bytesSource, streamedSource } from '../src/zip/random-access';
import { collectStream } from '../src/zip/writer';
import { samplePost } from './fixtures-export/posts';

/** A real Blob that counts its slices: each is a new stream for streamedSource. */
class CountingBlob extends Blob {
  slices = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices++;
    return super.slice(start, end, type);
  }
}

/** Byte equality without the element-by-element diff of toEqual (200 KB reads, hundreds of them). */
function expectSame(got: Uint8Array, want: Uint8Array): void {
  expect(got.length).toBe(want.length);
  expect(Buffer.from(got.buffer, got.byteOffset, got.length).equals(Buffer.from(want.buffer, want.byteOffset, want.length))).toBe(true);
}

describe('streamedSource', () => {
  // Made of 64 KiB parts, so that Node's Blob streams it in 64 KiB chunks as Chromium streams a File
  // (one part would come as one chunk): reads span chunks, skip through them (< 1 MiB ahead) or restart.
  const bytes = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 7919 + (i >> 8)) % 256);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < bytes.length; at += 65_536) parts.push(bytes.slice(at, at + 65_536));
  const blob = new Blob(parts);

  it('returns the same bytes as the source for any read, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(3_100_000), fc.nat(200_000)), { minLength: 1, maxLength: 25 }), async (reads) => {
        const streamed = streamedSource(blob);
        for (const [offset, length] of reads) expectSame(await streamed.read(offset, length), bytes.subarray(offset, offset + length));
      }),
      { numRuns: 60 },
    );
  });

  it('returns the same bytes for reads that go forward with gaps, as a ZIP reader asks them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(1_500_000), fc.nat(120_000)), { minLength: 1, maxLength: 40 }), async (steps) => {
        const streamed = streamedSource(blob);
        let at = 0;
        for (const [gap, length] of steps) {
          at = (at + gap) % bytes.length;
          expectSame(await streamed.read(at, length), bytes.subarray(at, at + length));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('serves reads asked at once in the order asked, each with its own bytes', async () => {
    const streamed = streamedSource(blob);
    const asks: [number, number][] = [[100, 10], [70_000, 5_000], [50, 20], [2_999_990, 100]];
    const got = await Promise.all(asks.map(([o, l]) => streamed.read(o, l)));
    got.forEach((g, i) => expectSame(g, bytes.subarray(asks[i]![0], asks[i]![0] + asks[i]![1])));
  });

  it('reads a 200-post backup with two streams: the directory, then the entries in file order', async () => {
    const posts = Array.from({ length: 200 }, (_, i) => samplePost({ key: `answer:${1000 + i}` }));
    const zip = await collectStream(backupZip(sourceOf(posts, [])));
    const zipParts: Uint8Array<ArrayBuffer>[] = [];
    for (let at = 0; at < zip.length; at += 65_536) zipParts.push(zip.slice(at, at + 65_536));
    const counting = new CountingBlob(zipParts);
    const a = await readBackup(bytesSource(zip));
    const b = await readBackup(streamedSource(counting));
    expect(a.ok && b.ok).toBe(true);
    expect(JSON.stringify(b.ok && b.value.posts)).toBe(JSON.stringify(a.ok && a.value.posts));
    expect(counting.slices).toBeLessThanOrEqual(4);
  });
});
