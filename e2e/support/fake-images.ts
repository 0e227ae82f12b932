// Deterministic stand-ins for zhimg.com images.
//
// The fixture server never has the real image bytes, but the extension must
// store *decodable* images, and tests must be able to tell one image from
// another and compare a stored blob with what was served. So each image is a
// small PNG whose size, colours and pattern all come from a hash of the URL
// path. The host and the query string are ignored on purpose: zhimg serves
// the same file on pic1/pic2/…/picx, and `?source=…` does not change it.
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

export interface ImageSpec {
  width: number;
  height: number;
  /** Background colour, RGB. */
  background: readonly [number, number, number];
  /** Stripe colour, RGB. */
  stripe: readonly [number, number, number];
  /** Stripe period in pixels (the stripe is half of it). */
  period: number;
  orientation: 'vertical' | 'horizontal' | 'diagonal';
}

/** Path suffixes that zhimg serves as images; anything else is a 404. */
const IMAGE_PATH = /\.(?:jpe?g|png|gif|webp)$/i;

const ORIENTATIONS = ['vertical', 'horizontal', 'diagonal'] as const;

export function isImagePath(pathname: string): boolean {
  return IMAGE_PATH.test(pathname);
}

/** The part of an image URL that decides its bytes (the pathname). */
export function imageKey(url: string): string {
  // Resolve against a zhimg base so callers may pass "/v2-….jpg" as well.
  return new URL(url, 'https://pic1.zhimg.com/').pathname;
}

export function imageSpecFor(url: string): ImageSpec {
  const digest = createHash('sha256').update(imageKey(url)).digest();
  const byte = (i: number): number => digest.readUInt8(i);
  const bg = [byte(2), byte(3), byte(4)] as const;
  return {
    // Small enough to keep tests fast, varied enough that sizes differ.
    width: 48 + (byte(0) % 80),
    height: 32 + (byte(1) % 64),
    background: bg,
    // Complement of the background so the pattern is always visible.
    stripe: [255 - bg[0], 255 - bg[1], 255 - bg[2]],
    period: 4 + 2 * (byte(5) % 6),
    orientation: ORIENTATIONS[byte(6) % 3] ?? 'diagonal',
  };
}

function isStripe(spec: ImageSpec, x: number, y: number): boolean {
  const coord = spec.orientation === 'vertical' ? x : spec.orientation === 'horizontal' ? y : x + y;
  return coord % spec.period < spec.period / 2;
}

function renderPng(spec: ImageSpec): Buffer {
  const png = new PNG({ width: spec.width, height: spec.height });
  for (let y = 0; y < spec.height; y++) {
    for (let x = 0; x < spec.width; x++) {
      const [r, g, b] = isStripe(spec, x, y) ? spec.stripe : spec.background;
      const i = (y * spec.width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

// Pages reference the same images many times (srcset, noscript copies), so
// cache the encoded bytes; encoding is deterministic, caching just saves CPU.
const cache = new Map<string, Buffer>();

/** The exact PNG bytes the fixture server returns for this image URL. */
export function imageBytesFor(url: string): Buffer {
  const key = imageKey(url);
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = renderPng(imageSpecFor(key));
    cache.set(key, bytes);
  }
  return bytes;
}
