/**
 * Writes a v2 backup (format.ts) as ZIP entries, streamed: posts arrive a chunk at a time in key
 * order and each becomes its own entry; each image's bytes are read when its entry is reached.
 * Every entry's SHA-256 is taken as it goes and written last, in checksums.json. This is the
 * export the user runs (src/ui/transfer/entries.ts feeds it from storage) and what the tests run.
 */
import { canonicalJson } from './canonical-json';
import { zipStream, type ZipEntry, type ZipOptions } from '../zip/writer';
import { BACKUP_FORMAT, CHECKSUMS_JSON, imageEntryName, imageOrder, MANIFEST_JSON, manifestOf, postFile, byString, type BackupImageInput, type BackupPost, type Checksums, type ImageInfo, type ManifestImage, type ManifestV2 } from './format';
import { sha256Hex } from './sha256';

export interface BackupSource {
  /** Every post, in key order, a chunk at a time. */
  posts: AsyncIterable<readonly BackupPost[]>;
  images: readonly ImageInfo[];
  /** The bytes of `ordered` (the manifest in entry order), one image at a time, in that order. */
  imageBytes: (ordered: readonly ManifestImage[]) => AsyncIterator<Uint8Array>;
}

const encoder = new TextEncoder();

/** The entries in their fixed order; `onPost` is called once per post written. */
export async function* backupEntries(source: BackupSource, onPost: () => void = () => undefined): AsyncGenerator<ZipEntry> {
  const manifest = manifestOf(source.images);
  const head: ManifestV2 = { format: BACKUP_FORMAT, version: 2, images: manifest };
  yield { name: MANIFEST_JSON, data: canonicalJson(head) };
  const sha256: Record<string, string> = {};
  let posts = 0;
  let last: string | null = null;
  for await (const chunk of source.posts) {
    for (const post of chunk) {
      // Key order is what makes the backup deterministic; a source out of order is a bug.
      if (last !== null && post.key <= last) throw new Error(`backup: posts out of key order at ${post.key}`);
      last = post.key;
      const name = postFile(post.key);
      // Encoded here rather than by the ZIP writer: the hash needs the bytes anyway.
      const bytes = encoder.encode(canonicalJson(post));
      sha256[name] = await sha256Hex(bytes);
      posts++;
      onPost();
      yield { name, data: bytes };
    }
  }
  const ordered = imageOrder(manifest);
  const reader = source.imageBytes(ordered);
  for (const image of ordered) {
    const next = await reader.next();
    if (next.done) throw new Error('backup: image reader ended early');
    const name = imageEntryName(image.file);
    sha256[name] = await sha256Hex(next.value);
    yield { name, data: next.value };
  }
  const checksums: Checksums = { counts: { posts, images: ordered.length }, sha256 };
  yield { name: CHECKSUMS_JSON, data: canonicalJson(checksums) };
}

/** Posts held in memory (tests, small sources) as the chunked, key-ordered stream a BackupSource takes. */
export async function* inKeyOrder(posts: readonly BackupPost[]): AsyncGenerator<readonly BackupPost[]> {
  yield [...new Map(posts.map((p) => [p.key, p])).values()].sort(byString((p) => p.key));
}

/** Image bytes held at hand (a Blob or bytes per URL), read one at a time in the order asked. */
export function bytesByUrl(data: ReadonlyMap<string, Blob | Uint8Array>): BackupSource['imageBytes'] {
  return async function* (ordered) {
    for (const m of ordered) {
      const d = data.get(m.url);
      if (!d) throw new Error(`backup: no bytes for ${m.url}`);
      yield d instanceof Uint8Array ? d : new Uint8Array(await d.arrayBuffer());
    }
  };
}

/** A source over posts and images held in memory (tests, the recovery export): any order, deduplicated. */
export function sourceOf(posts: readonly BackupPost[], images: readonly BackupImageInput[]): BackupSource {
  return { posts: inKeyOrder(posts), images, imageBytes: bytesByUrl(new Map(images.map((i) => [i.url, i.data]))) };
}

export function backupZip(source: BackupSource, options: ZipOptions = {}): ReadableStream<Uint8Array> {
  return zipStream(backupEntries(source), options);
}
