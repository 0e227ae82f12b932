/**
 * What an image really is, from its first bytes. Only raster formats are stored from an import and
 * written into an export's images/: an SVG (or HTML) saved as `images/x.svg` next to a blog's pages
 * would run script on the blog's origin, and a declared type is only what the file says.
 */
export type RasterType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif' | 'image/bmp';

const RASTER_TYPES: ReadonlySet<string> = new Set<RasterType>(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export const isRasterType = (type: string): boolean => RASTER_TYPES.has(type.toLowerCase());

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The raster type the bytes are, by their signature; null for anything else (SVG, HTML, PDF, truncated). */
export function sniffRasterType(b: Uint8Array): RasterType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(b, ascii('ftyp'), 4) && (startsWith(b, ascii('avif'), 8) || startsWith(b, ascii('avis'), 8))) return 'image/avif';
  if (startsWith(b, ascii('BM')) && b.length > 26) return 'image/bmp';
  return null;
}
