// @vitest-environment node
// Backups of any size (see test/support/backup-scale.ts): 10,000 posts of 30 KB and 70,000 images,
// written by src/backup/write.ts and read back by src/backup/read.ts, every one identical.
import { describe, expect, it } from 'vitest';
import type { ImageInfo, ManifestImage } from '../src/backup/format';
import { backupZip, type BackupSource } from '../src/backup/write';
import { imageUrl, postsInChunks, readBack } from './support/backup-scale';
import { segmentedSource } from './support/synthetic-zip';

describe('backup at scale, written and read by the shipped modules', () => {
  it('10,000 posts of 30 KB and 70,000 images come back identical', async () => {
    const POSTS = 10_000;
    const IMAGES = 70_000;
    // Tiny images (8-11 bytes, each its own): the count is what is tested here, not the bytes.
    const bytesOf = (url: string): Uint8Array => new TextEncoder().encode(url.slice(url.lastIndexOf('-') + 1).padStart(8, '0'));
    const images: ImageInfo[] = Array.from({ length: IMAGES }, (_, i) => ({ url: imageUrl(i), type: 'image/png', size: bytesOf(imageUrl(i)).length, storedAt: i }));
    const source: BackupSource = {
      posts: postsInChunks(POSTS),
      images,
      imageBytes: async function* (ordered: readonly ManifestImage[]) {
        for (const m of ordered) yield bytesOf(m.url);
      },
    };
    const zip = await segmentedSource(backupZip(source), new Set());
    expect(zip.size).toBeGreaterThan(POSTS * 30 * 1024);
    expect(await readBack(zip, POSTS, images, bytesOf)).toEqual({ posts: POSTS, images: IMAGES });
  }, 300_000);

});
