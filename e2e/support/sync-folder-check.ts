// A sync folder (issue #16) read straight off the WebDAV server's disk, by the product's own readers: each
// device manifest with the sync's schema (src/sync/manifest.ts) and every file it names, whole (a post file
// hashing as its manifest says, an image of the size it says); then the whole folder through the import of a
// sync folder as a backup (src/ui/transfer/sync-folder.ts), every post file and every named image read to
// the end. Any of it failing throws: the folder is not readable at that moment.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { postFile, type BackupPost } from '../../src/backup/format';
import { sha256Hex } from '../../src/backup/sha256';
import { parseStrictJson } from '../../src/backup/strict-json';
import { DeviceManifestSchema, IMAGES, type DeviceManifest } from '../../src/sync/manifest';
import { syncFolderSource } from '../../src/ui/transfer/sync-folder';

export interface SyncFolderReading {
  manifests: DeviceManifest[];
  /** Post files the import read (all of them: it reads every post file in the folder). */
  posts: number;
  /** Images the import read (those a manifest names). */
  images: number;
  /** Files the manifests name (posts/…, images/…), relative to the folder. */
  named: Set<string>;
  /** Temporary files (`<name>.part-<device tag>`): an upload whose MOVE never came. */
  temporary: string[];
}

function filesUnder(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, path.posix.join(rel, e.name)) : [path.posix.join(rel, e.name)]));
}

export async function readSyncFolder(root: string): Promise<SyncFolderReading> {
  const paths = filesUnder(root);
  const bytesOf = (rel: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(path.join(root, rel)));
  const manifests: DeviceManifest[] = [];
  const named = new Set<string>();
  for (const rel of paths.filter((p) => /^devices\/[^/]+\.json$/.test(p))) {
    const parsed = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(rel)));
    if (!parsed.ok) throw new Error(`${rel}: ${parsed.detail}`);
    const m = v.parse(DeviceManifestSchema, parsed.value);
    for (const [key, e] of Object.entries(m.posts)) {
      if ('deleted' in e) continue;
      const file = postFile(key as BackupPost['key']);
      if (!paths.includes(file)) throw new Error(`${rel} names ${file}, which is not there`);
      const hash = await sha256Hex(bytesOf(file));
      if (hash !== e.hash) throw new Error(`${file} hashes ${hash}, ${rel} says ${e.hash}`);
      named.add(file);
    }
    for (const img of Object.values(m.images)) {
      const file = `${IMAGES}${img.file}`;
      if (!paths.includes(file)) throw new Error(`${rel} names ${file}, which is not there`);
      const size = bytesOf(file).byteLength;
      if (size !== img.size) throw new Error(`${file} is ${size} bytes, ${rel} says ${img.size}`);
      named.add(file);
    }
    manifests.push(m);
  }
  // The import of the folder as a backup, read to the end (nothing stored: the batches are only counted).
  // Temporary files are left out: the import passes over them anyway, and a live sync renames them away.
  const temporary = paths.filter((p) => /\.part-[a-z0-9]+$/.test(p));
  const files = paths.filter((p) => !temporary.includes(p)).map((rel) => new File([bytesOf(rel)], rel));
  let posts = 0;
  let images = 0;
  const source = await syncFolderSource(files, (p) => p);
  for await (const batch of source.posts.batches) posts += batch.length;
  for await (const image of source.images.items) if (image.bytes.byteLength) images++;
  return { manifests, posts, images, named, temporary };
}
