// @vitest-environment node
// Exports write raster images only: an SVG (or HTML) stored as an image, as an older import could have
// stored it, would run script on a blog's origin from images/….svg. Judged by the bytes, not the type.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sniffRasterType } from '../src/shared/raster';
import { storeImage } from '../src/storage/images';
import { imageEntries } from '../src/export/pipeline';
import { readImagesAhead } from '../src/storage/export-images';
import { clearDatabase, png } from './support/storage';

beforeEach(clearDatabase);

async function bytesOf(data: unknown): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of data as AsyncIterable<Uint8Array>) parts.push(p);
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

describe('raster images only', () => {
  it('tells raster formats by their signature, and nothing else', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(sniffRasterType(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffRasterType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffRasterType(enc('GIF89a…'))).toBe('image/gif');
    expect(sniffRasterType(enc('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffRasterType(enc('\0\0\0\x1cftypavif'))).toBe('image/avif');
    for (const s of ['<svg onload=alert(1)>', '<?xml version="1.0"?><svg/>', '<html><script>', '%PDF-1.7', '', '\x89PN']) expect(sniffRasterType(enc(s)), s).toBeNull();
  });

  it("writes a stored image whose bytes are not raster as an empty file, whatever its stored type", async () => {
    const svg = 'https://pic1.zhimg.com/v2-old-import.png';
    const ok = 'https://pic1.zhimg.com/v2-real.png';
    await storeImage({ url: svg, blob: new Blob([new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')]), type: 'image/png', size: 60, storedAt: 1 });
    await storeImage({ url: ok, blob: png('ok'), type: 'image/png', size: 10, storedAt: 1 });
    const entries = imageEntries([
      { url: svg, type: 'image/png', size: 60 },
      { url: ok, type: 'image/png', size: 10 },
    ], readImagesAhead);
    const written = new Map<string, Uint8Array>();
    for (const e of entries) written.set(e.name, await bytesOf(e.data));
    const sizes = [...written.values()].map((b) => b.length).sort((a, b) => a - b);
    expect(sizes).toEqual([0, 10]);
  });
});
