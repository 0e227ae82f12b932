/**
 * Lossless backup: a ZIP holding `backup.json` and `images/<name>` (raw bytes).
 *
 * backup.json = {"format":"zhihu-offline-backup","version":1,"images":[…],"posts":[…]}
 *  - posts: every stored field (row + meta + content), plus optional `revisions`, `tags`,
 *    `note` (ready for the revision/tag storage that lands later), sorted by key;
 *  - images: the manifest {url, file, type, size, storedAt}, sorted by URL.
 * Deterministic: canonical JSON, fixed mtimes, fixed entry order (backup.json, then images
 * by file name), so export → wipe → import → export is byte-identical. backup.json is
 * streamed post by post so 10k posts never become one giant string.
 */
import type { FullPost, PostKey } from '../storage/types';
import { canonicalJson } from './canonical-json';
import { imageFileName } from './image-names';
import { zipStream, type ZipEntry, type ZipOptions } from '../zip/writer';

export const BACKUP_FORMAT = 'zhihu-offline-backup';
export const BACKUP_VERSION = 1;
export const BACKUP_JSON = 'backup.json';

/** A storage RevisionRow without its local auto-increment id (ids are not portable). */
export interface Revision {
  key: PostKey;
  savedAt: number;
  /** When it was replaced (RevisionRow.replacedAt). */
  replacedAt?: number;
  title: string;
  content: string;
  updatedAt?: number | null;
}

export interface BackupPost extends FullPost {
  revisions?: Revision[];
  tags?: string[];
  note?: string;
}

export interface BackupImageInput {
  url: string;
  type: string;
  size: number;
  storedAt: number;
  /** An ImageRow's blob, or bytes. Read lazily, one image at a time. */
  data: Blob | Uint8Array;
}

export interface ManifestImage {
  url: string;
  file: string;
  type: string;
  size: number;
  storedAt: number;
}

const byString = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function manifestOf(images: readonly BackupImageInput[]): ManifestImage[] {
  const unique = [...new Map(images.map((img) => [img.url, img])).values()];
  return unique
    .map((img) => ({ url: img.url, file: imageFileName(img.url, img.type), type: img.type, size: img.size, storedAt: img.storedAt }))
    .sort(byString((m) => m.url));
}

async function* backupJsonChunks(posts: readonly BackupPost[], manifest: readonly ManifestImage[]): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"images":${canonicalJson(manifest)},"posts":[`;
  const sorted = [...posts].sort(byString((p) => p.key));
  for (let i = 0; i < sorted.length; i++) yield `${i ? ',' : ''}${canonicalJson(sorted[i])}`;
  yield ']}';
}

async function* imageBytes(data: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  yield data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

/** The entries in their fixed order; exposed for tests and for other containers. */
export function backupEntries(posts: readonly BackupPost[], images: readonly BackupImageInput[]): ZipEntry[] {
  const manifest = manifestOf(images);
  const byUrl = new Map(images.map((img) => [img.url, img]));
  const files = [...manifest].sort(byString((m) => m.file));
  return [
    { name: BACKUP_JSON, data: backupJsonChunks(posts, manifest) },
    ...files.map((m) => ({ name: `images/${m.file}`, data: imageBytes(byUrl.get(m.url)!.data) })),
  ];
}

export function backupZip(posts: readonly BackupPost[], images: readonly BackupImageInput[], options: ZipOptions = {}): ReadableStream<Uint8Array> {
  return zipStream(backupEntries(posts, images), options);
}
