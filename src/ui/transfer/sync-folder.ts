/**
 * A sync folder (issue #16) picked as a folder and imported like a backup: the folder a WebDAV sync keeps
 * (src/sync/manifest.ts) copied off the server. Its post files are backup post files; its device
 * manifests say which image file holds which URL. Everything is checked as a backup's entries are (strict
 * JSON, the post schema, a post's key against its path, each image's size against the manifest), cleaned
 * as imported HTML, and applied all or nothing by the import; posts and images are read as they are
 * applied, a batch at a time, never the whole folder at once.
 */
import * as v from 'valibot';
import { keyOfPostFile, type BackupPost, type ManifestImage } from '../../backup/format';
import { BackupPostSchema, MAX_POSTS } from '../../backup/schema';
import { parseStrictJson } from '../../backup/strict-json';
import { BackupError } from '../../backup/reader-types';
import { POST_CHUNK, type IncomingImage, type IncomingImages, type IncomingPosts } from '../../storage/import-apply';
import { DeviceManifestSchema } from '../../sync/manifest';

/** A post file is small; a bigger one is not ours. */
const MAX_POST_FILE = 64 * 1024 * 1024;
const DEVICE_FILE = /(?:^|\/)devices\/[0-9a-f-]{8,40}\.json$/;
const POST_PATH = /(?:^|\/)(posts\/(?:answer|article|pin)\/[\w-]{1,80}\.json)$/;
const IMAGE_PATH = /(?:^|\/)images\/([0-9a-f]{16}\.[a-z0-9]{2,5})$/;

const pathOf = (f: File): string => f.webkitRelativePath || f.name;

/** Whether the picked folder is a sync folder (its device manifests and post files). */
export function isSyncFolder(files: readonly File[]): boolean {
  return files.some((f) => DEVICE_FILE.test(pathOf(f))) && files.some((f) => POST_PATH.test(pathOf(f)));
}

async function readJson<T>(file: File, schema: v.GenericSchema<unknown, T>, name: string): Promise<T> {
  if (file.size > MAX_POST_FILE) throw new BackupError('file_too_large', name);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    throw new BackupError('not_utf8', name);
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new BackupError('backup_bad_json', `${name}: ${parsed.detail}`);
  const checked = v.safeParse(schema, parsed.value);
  if (!checked.success) throw new BackupError('backup_bad_schema', name);
  return checked.output;
}

export async function syncFolderSource(files: readonly File[], clean: (p: BackupPost) => BackupPost): Promise<{ posts: IncomingPosts; images: IncomingImages }> {
  const byUrl = new Map<string, ManifestImage>();
  for (const f of files.filter((x) => DEVICE_FILE.test(pathOf(x)))) {
    const m = await readJson(f, DeviceManifestSchema, pathOf(f));
    for (const [url, img] of Object.entries(m.images)) byUrl.set(url, img);
  }
  const postFiles = files.filter((f) => POST_PATH.test(pathOf(f)));
  if (postFiles.length > MAX_POSTS) throw new BackupError('backup_bad_schema', `more than ${MAX_POSTS} posts`);
  const imageFiles = new Map(files.flatMap((f) => {
    const m = IMAGE_PATH.exec(pathOf(f));
    return m?.[1] ? [[m[1], f] as const] : [];
  }));
  const wanted = new Map<string, ManifestImage>();
  const posts: IncomingPosts = {
    total: postFiles.length,
    batches: (async function* (): AsyncGenerator<BackupPost[]> {
      for (let i = 0; i < postFiles.length; i += POST_CHUNK) {
        const batch: BackupPost[] = [];
        for (const f of postFiles.slice(i, i + POST_CHUNK)) {
          const rel = POST_PATH.exec(pathOf(f))![1]!;
          const post = (await readJson(f, BackupPostSchema, rel)) as BackupPost;
          if (post.key !== keyOfPostFile(rel)) throw new BackupError('backup_bad_schema', `${rel} holds ${post.key}`);
          for (const url of post.meta.images) {
            const img = byUrl.get(url);
            if (img && imageFiles.has(img.file)) wanted.set(url, img);
          }
          batch.push(clean(post));
        }
        yield batch;
      }
    })(),
  };
  // Read after every post: the import stages posts first, then stores images (storage/import-apply.ts).
  const images: IncomingImages = {
    get total() {
      return wanted.size;
    },
    items: (async function* (): AsyncGenerator<IncomingImage> {
      for (const img of wanted.values()) {
        const file = imageFiles.get(img.file)!;
        if (file.size !== img.size) throw new BackupError('backup_image_mismatch', img.file);
        yield { url: img.url, type: img.type, storedAt: img.storedAt, bytes: new Uint8Array(await file.arrayBuffer()) };
      }
    })(),
  };
  return { posts, images };
}
