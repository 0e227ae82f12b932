// @vitest-environment node
// windowedSource (src/zip/random-access.ts) answers every read as the source would, and reading a
// backup through it asks the source for far fewer reads (each is a browser round trip for a File).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBackup } from '../src/backup/read';
import { backupZip, sourceOf } from '../src/backup/write';
import { bytesSource, windowedSource, type RandomAccess } from '../src/zip/random-access';
import { collectStream } from '../src/zip/writer';
import { samplePost } from './fixtures-export/posts';

function counted(src: RandomAccess): RandomAccess & { reads: number } {
  const c = { size: src.size, reads: 0, read: (o: number, l: number) => (c.reads++, src.read(o, l)) };
  return c;
}

describe('windowedSource', () => {
  it('returns the same bytes as the source for any read, in any order', async () => {
    const bytes = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(52_000), fc.nat(9_000)), { minLength: 1, maxLength: 30 }), fc.integer({ min: 16, max: 8192 }), async (reads, size) => {
        const direct = bytesSource(bytes);
        const windowed = windowedSource(bytesSource(bytes), size);
        for (const [offset, length] of reads) expect(await windowed.read(offset, length)).toEqual(await direct.read(offset, length));
      }),
      { numRuns: 100 },
    );
  });

  it('reads a 200-post backup with a fraction of the source reads', async () => {
    const posts = Array.from({ length: 200 }, (_, i) => samplePost({ key: `answer:${1000 + i}` }));
    const zip = await collectStream(backupZip(sourceOf(posts, [])));
    const direct = counted(bytesSource(zip));
    const viaWindow = counted(bytesSource(zip));
    const a = await readBackup(direct);
    const b = await readBackup(windowedSource(viaWindow));
    expect(a.ok && b.ok).toBe(true);
    expect(JSON.stringify(b.ok && b.value.posts)).toBe(JSON.stringify(a.ok && a.value.posts));
    expect(direct.reads).toBeGreaterThan(600); // three reads an entry
    expect(viaWindow.reads).toBeLessThan(direct.reads / 20);
  });
});
