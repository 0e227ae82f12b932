// In-memory sources for the shipped export pipeline (src/export/pipeline.ts): the library's are
// IndexedDB reads (src/ui/transfer/entries.ts); these hand the same pipeline posts and image bytes at hand.
import type { BackupPost } from '../../src/backup/format';
import type { ImageInfo, ImageReader, PostSource } from '../../src/export/pipeline';
import type { ZipEntry, ZipPiece } from '../../src/zip/writer';

export async function* postsOf(posts: readonly BackupPost[], chunk = 2): PostSource {
  for (let i = 0; i < posts.length; i += chunk) yield posts.slice(i, i + chunk);
}

export function readerOf(bytes: ReadonlyMap<string, Uint8Array>): ImageReader {
  return async function* read(images: readonly ImageInfo[]) {
    for (const img of images) yield bytes.get(img.url) ?? new Uint8Array(0);
  };
}

export const noImages: ImageReader = readerOf(new Map());

/** Each entry's bytes, by name, in the order written. */
export async function filesOf(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  for await (const e of entries) {
    const parts: Uint8Array[] = [];
    const add = (p: ZipPiece): number => parts.push(typeof p === 'string' ? enc.encode(p) : p);
    if (typeof e.data === 'string' || e.data instanceof Uint8Array) add(e.data);
    else if (Array.isArray(e.data)) (e.data as readonly ZipPiece[]).forEach(add);
    else for await (const p of e.data as AsyncIterable<ZipPiece>) add(p);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    out.set(e.name, all);
  }
  return out;
}

export async function textFilesOf(entries: AsyncIterable<ZipEntry>): Promise<{ name: string; text: string }[]> {
  const dec = new TextDecoder();
  return [...(await filesOf(entries))].map(([name, bytes]) => ({ name, text: dec.decode(bytes) }));
}
