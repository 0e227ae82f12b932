// @vitest-environment node
// A backup of more than 4 GiB through src/backup/write.ts and src/backup/read.ts, its bytes computed
// and never stored (test/support/synthetic-zip.ts): every image identical, those past the 4 GiB
// offset included. The cost is hashing: CRC-32 and SHA-256 of 4 GiB, each written and read.
import { describe, expect, it } from 'vitest';
import type { ImageInfo, ManifestImage } from '../src/backup/format';
import { backupZip, type BackupSource } from '../src/backup/write';
import { imageUrl, postsInChunks, readBack } from './support/backup-scale';
import { segmentedSource } from './support/synthetic-zip';

const MiB = 1024 * 1024;

describe('backup past 4 GiB (synthetic source)', () => {
  it('a backup of more than 4 GiB (computed bytes) comes back identical, images past the 4 GiB offset included', async () => {
    // 37 images of 115 MiB, each a different window of one shared pattern: 4.16 GiB, never stored.
    const COUNT = 37;
    const SIZE = 115 * MiB;
    const pattern = new Uint8Array(SIZE + COUNT * 4099);
    for (let i = 0, s = 1; i < pattern.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      pattern[i] = s >>> 24;
    }
    const index = (url: string): number => Number(url.slice(url.lastIndexOf('-') + 1, url.lastIndexOf('.')));
    const bytesOf = (url: string): Uint8Array => pattern.subarray(index(url) * 4099, index(url) * 4099 + SIZE);
    const images: ImageInfo[] = Array.from({ length: COUNT }, (_, i) => ({ url: imageUrl(i), type: 'image/png', size: SIZE, storedAt: i }));
    const source: BackupSource = {
      posts: postsInChunks(3),
      images,
      imageBytes: async function* (ordered: readonly ManifestImage[]) {
        for (const m of ordered) yield bytesOf(m.url);
      },
    };
    const zip = await segmentedSource(backupZip(source), new Set([pattern.buffer]));
    expect(zip.size).toBeGreaterThan(2 ** 32);
    expect(await readBack(zip, 3, images, (url) => Buffer.from(bytesOf(url)))).toEqual({ posts: 3, images: COUNT });
  }, 300_000);
});
