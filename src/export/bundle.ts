/**
 * Collection exports as ZIP entries: `<title>.md` files plus `images/<name>` when images are
 * bundled. Entries are produced lazily (one post converted and one image read at a time)
 * so a 10k-post export streams through zip.ts with bounded memory (docs/performance-notes.md §6).
 */
import type { BackupImageInput, BackupPost } from '../backup/format';
import { uniqueFileNames } from './filename';
import { hexoPost, type HexoOptions } from './hexo';
import { imageNameMap } from './image-names';
import { markdownPost, type MarkdownOptions } from './markdown';
import type { ZipEntry } from '../zip/writer';

export type BundleFormat = { kind: 'hexo'; options?: Omit<HexoOptions, 'images'> } | { kind: 'markdown'; options: Omit<MarkdownOptions, 'images'> };

async function* imageBytes(data: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  yield data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

function render(post: BackupPost, format: BundleFormat, names: ReadonlyMap<string, string> | null): string {
  if (format.kind === 'markdown') return markdownPost(post, { ...format.options, ...(names ? { images: names } : {}) });
  return hexoPost(post, { ...format.options, images: names ? { mode: 'bundled', names } : { mode: 'remote' } });
}

async function* renderOne(post: BackupPost, format: BundleFormat, names: ReadonlyMap<string, string> | null): AsyncGenerator<string> {
  yield render(post, format, names);
}

/**
 * Posts are named in the order given (sort them first for a stable export). Pass `images`
 * to bundle them under `images/`; pass null to keep remote URLs like the seed.
 */
export function bundleEntries(posts: readonly BackupPost[], images: readonly BackupImageInput[] | null, format: BundleFormat): ZipEntry[] {
  const names = images ? imageNameMap(images) : null;
  const fileNames = uniqueFileNames(posts.map((p) => p.title));
  const entries: ZipEntry[] = posts.map((post, i) => ({ name: fileNames[i]!, data: renderOne(post, format, names) }));
  if (!images || !names) return entries;
  const seen = new Set<string>();
  for (const img of images) {
    const file = names.get(img.url)!;
    if (seen.has(file)) continue;
    seen.add(file);
    entries.push({ name: `images/${file}`, data: imageBytes(img.data) });
  }
  return entries;
}
