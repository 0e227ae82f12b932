/**
 * The backup format, shared by the export (writes it), the import (reads it) and storage
 * (applies it). Two versions are read:
 *
 * v1 (read only): a ZIP of `backup.json` ({format, version: 1, images, posts}) and `images/<file>`.
 *   The whole library sat in one JSON entry, which V8 cannot parse past ~512 M characters.
 *
 * v2 (written): one entry per post, so both ways stream and each post file stands alone (a sync
 *   folder on WebDAV holds the same files):
 *     manifest.json            {format, version: 2, images: [{url, file, type, size, storedAt}]}
 *     posts/<kind>/<id>.json   one post: row, meta, content, revisions, tags, note, comments (canonical JSON)
 *     images/<file>            the image's bytes, as stored
 *     checksums.json           {counts: {posts, images}, sha256: {<entry name>: hex}}
 *   The checksums come last because they are known only once every post and image has been read
 *   and written: a streamed ZIP cannot go back to fill them in, and putting them first would read
 *   the whole library twice. Readers read the central directory, so they read them first anyway.
 *   Entries are in a fixed order (manifest, posts by key, images by file, checksums), every JSON
 *   is canonical and every mtime fixed: export → wipe → import → export is byte-identical.
 */
import { imageFileName } from './image-names';
import type { CommentThread, FullPost, PostKey } from '../storage/types';

export const BACKUP_FORMAT = 'zhihu-offline-backup';
export const BACKUP_V1_JSON = 'backup.json';
export const MANIFEST_JSON = 'manifest.json';
export const CHECKSUMS_JSON = 'checksums.json';

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
  /** The post's saved comments (issue #17); absent when none were asked for, and in backups from before them. */
  commentThread?: CommentThread;
}

export interface ManifestImage {
  url: string;
  file: string;
  type: string;
  size: number;
  storedAt: number;
}

export interface ManifestV2 {
  format: typeof BACKUP_FORMAT;
  version: 2;
  images: ManifestImage[];
}

export interface Checksums {
  counts: { posts: number; images: number };
  /** Lowercase hex SHA-256 of each post and image entry, by entry name. */
  sha256: Record<string, string>;
}

/** What an image needs to be listed; its bytes are read later. */
export interface ImageInfo {
  url: string;
  type: string;
  size: number;
  storedAt: number;
}

/** An image with its bytes at hand (an ImageRow's blob, or bytes): tests, the recovery export. */
export interface BackupImageInput extends ImageInfo {
  data: Blob | Uint8Array;
}

const POST_FILE = /^posts\/(answer|article|pin)\/([\w-]{1,80})\.json$/;

/** `answer:123` → `posts/answer/123.json` (keys are `kind:id`, id of [\w-], so safe as names). */
export function postFile(key: PostKey): string {
  const at = key.indexOf(':');
  return `posts/${key.slice(0, at)}/${key.slice(at + 1)}.json`;
}

/** The key a post file's path names, or null when the path is not a post file. */
export function keyOfPostFile(name: string): PostKey | null {
  const m = POST_FILE.exec(name);
  return m ? (`${m[1]}:${m[2]}` as PostKey) : null;
}

export const imageEntryName = (file: string): string => `images/${file}`;

export const byString =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** One entry per URL, sorted by URL. */
export function manifestOf(images: readonly ImageInfo[]): ManifestImage[] {
  const unique = [...new Map(images.map((img) => [img.url, img])).values()];
  return unique.map((img) => ({ url: img.url, file: imageFileName(img.url, img.type), type: img.type, size: img.size, storedAt: img.storedAt })).sort(byString((m) => m.url));
}

/** The order image entries are written in: by file name. */
export const imageOrder = (manifest: readonly ManifestImage[]): ManifestImage[] => [...manifest].sort(byString((m) => m.file));
