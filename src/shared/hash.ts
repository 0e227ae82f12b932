/**
 * FNV-1a 64-bit over UTF-8, as 16 hex digits. Used only for stable, deterministic names
 * (image file names, keys of imported seed posts): it is synchronous and identical in every
 * browser and in Node. It is not a security hash — integrity checks use CRC-32/size.
 */
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function fnv1a64(text: string): string {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h = ((h ^ BigInt(byte)) * PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
