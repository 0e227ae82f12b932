/**
 * The v1 backup writer, as the export shipped it until backups became one entry per post
 * (src/backup/format.ts): kept here so tests can make the v1 files users already hold and check
 * they still import, and that a v1 file written again comes out byte for byte the same.
 */
import { canonicalJson } from '../../src/backup/canonical-json';
import { BACKUP_FORMAT, BACKUP_V1_JSON, byString, manifestOf, type BackupImageInput, type BackupPost, type ManifestImage } from '../../src/backup/format';
import { zipStream, type ZipEntry, type ZipOptions } from '../../src/zip/writer';

async function* backupJsonChunks(posts: readonly BackupPost[], manifest: readonly ManifestImage[]): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":1,"images":${canonicalJson(manifest)},"posts":[`;
  const sorted = [...posts].sort(byString((p) => p.key));
  for (let i = 0; i < sorted.length; i++) yield `${i ? ',' : ''}${canonicalJson(sorted[i])}`;
  yield ']}';
}

async function* imageBytes(data: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  yield data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
}

export function backupV1Entries(posts: readonly BackupPost[], images: readonly BackupImageInput[]): ZipEntry[] {
  const manifest = manifestOf(images);
  const byUrl = new Map(images.map((img) => [img.url, img]));
  const files = [...manifest].sort(byString((m) => m.file));
  return [{ name: BACKUP_V1_JSON, data: backupJsonChunks(posts, manifest) }, ...files.map((m) => ({ name: `images/${m.file}`, data: imageBytes(byUrl.get(m.url)!.data) }))];
}

export function backupV1Zip(posts: readonly BackupPost[], images: readonly BackupImageInput[], options: ZipOptions = {}): ReadableStream<Uint8Array> {
  return zipStream(backupV1Entries(posts, images), options);
}
