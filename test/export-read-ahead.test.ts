// @vitest-environment node
// The export's image reader (src/storage/export-images.ts readImagesAhead): bytes come back in
// the order asked whatever the batching and read-ahead, and a missing image fails its turn.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_BATCH, readImagesAhead } from '../src/storage/export-images';
import { storeImage } from '../src/storage/images';
import { clearDatabase, png } from './support/storage';

beforeEach(clearDatabase);

const url = (i: number): string => `https://pic1.zhimg.com/v2-${i}.png`;
/** The label after png()'s 8-byte signature. */
const text = (b: Uint8Array): string => new TextDecoder().decode(b.subarray(8));

async function collect(it: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const b of it) out.push(text(b));
  return out;
}

describe('readImagesAhead', () => {
  it('yields every image in order across batches, with a tight or a loose budget', async () => {
    const n = IMAGE_BATCH * 2 + 3;
    for (let i = 0; i < n; i++) await storeImage({ url: url(i), blob: png(`img${i}`), type: 'image/png', size: 4 + String(i).length, storedAt: 1 });
    // Shuffled order on purpose: the reader must follow the caller's order, not the store's.
    const order = Array.from({ length: n }, (_, i) => (i * 7) % n);
    const images = order.map((i) => ({ url: url(i), size: 4 + String(i).length }));
    const want = order.map((i) => `img${i}`);
    expect(await collect(readImagesAhead(images, 1))).toEqual(want);
    expect(await collect(readImagesAhead(images, 1e9))).toEqual(want);
  });

  it('throws when an image vanished', async () => {
    await storeImage({ url: url(0), blob: png('img0'), type: 'image/png', size: 4, storedAt: 1 });
    const reader = readImagesAhead([{ url: url(0), size: 4 }, { url: url(1), size: 4 }]);
    expect(text((await reader.next()).value as Uint8Array)).toBe('img0');
    await expect(reader.next()).rejects.toThrow(/vanished/);
  });
});
