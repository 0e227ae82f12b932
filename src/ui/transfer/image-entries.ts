/**
 * What the export formats share on the page: the page's rendering tools, and the image entries
 * (sorted by file name, each one's bytes read in turn from one read-ahead reader). Apart from
 * entries.ts so that the EPUB's entries (epub-entries.ts, loaded on demand) need not import it back.
 */
import { imageFileName } from '../../export/image-names';
import { sniffRasterType } from '../../shared/raster';
import type { ZipEntry } from '../../zip/writer';
import { readImagesAhead, type ExportImageInfo } from '../../storage/export-images';

/** What the page needs to render a post body: a DOMParser and a sanitizer serialized to markup. */
export interface PageTools {
  parse: (html: string) => Document;
  /** Sanitized body as (X)HTML markup; `local` maps a stored image URL to its path, or null to drop it. */
  xhtml: (html: string, local: (url: string) => string | null) => string;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The image files sorted by name, each entry's bytes taken in turn from one read-ahead reader
 * (the ZIP writer consumes entries strictly in order).
 */
export function imageEntries(images: readonly ExportImageInfo[], prefix = 'images/'): ZipEntry[] {
  const byFile = new Map(images.map((img) => [imageFileName(img.url, img.type), img]));
  const files = [...byFile].sort(([a], [b]) => byString(a, b));
  const reader = readImagesAhead(files.map(([, img]) => img));
  return files.map(([file]) => ({ name: `${prefix}${file}`, data: nextOf(reader) }));
}

/** The bytes are checked too, not only the stored type: bytes that are not a raster image are written empty. */
async function* nextOf(reader: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const next = await reader.next();
  if (next.done) throw new Error('image reader ended early');
  yield sniffRasterType(next.value) === null ? new Uint8Array(0) : next.value;
}
