/**
 * Reads a backup ZIP written by src/export/backup.ts. All-or-nothing: the result is either
 * every post and every image, validated and cross-checked, or one coded error.
 */
import * as v from 'valibot';
import { BACKUP_FORMAT, BACKUP_JSON, BACKUP_VERSION, type BackupPost, type ManifestImage } from '../export/backup';
import { BackupJsonSchema } from './backup-schema';
import { fail, issuesDetail, ok, type Result } from './result';
import { DEFAULT_ZIP_LIMITS, readZip, type RandomAccess, type ZipLimits } from '../zip/reader';

export interface RestoredImage extends Omit<ManifestImage, 'file'> {
  bytes: Uint8Array;
}

export interface RestoredBackup {
  posts: BackupPost[];
  images: RestoredImage[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse itself cannot pollute, but later spreads/merges could: refuse such keys anywhere. */
export function parseBackupJson(text: string): Result<{ posts: BackupPost[]; images: ManifestImage[] }> {
  let data: unknown;
  try {
    data = JSON.parse(text, (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new Error(`forbidden key ${key}`);
      return value;
    });
  } catch (e) {
    return fail('backup_bad_json', e instanceof Error ? e.message : 'json');
  }
  if (typeof data === 'object' && data !== null) {
    const head = data as { format?: unknown; version?: unknown };
    if (head.format === BACKUP_FORMAT && head.version !== BACKUP_VERSION) return fail('backup_unsupported_version', String(head.version));
  }
  const checked = v.safeParse(BackupJsonSchema, data);
  if (!checked.success) return fail('backup_bad_schema', issuesDetail(checked.issues));
  return ok(checked.output as { posts: BackupPost[]; images: ManifestImage[] });
}

function pairImages(manifest: ManifestImage[], files: Map<string, Uint8Array>): Result<RestoredImage[]> {
  const expected = new Set([BACKUP_JSON, ...manifest.map((m) => `images/${m.file}`)]);
  if (expected.size !== manifest.length + 1) return fail('backup_bad_schema', 'duplicate image file');
  for (const name of files.keys()) if (!expected.has(name)) return fail('backup_bad_schema', `unexpected entry ${name}`);
  const images: RestoredImage[] = [];
  for (const m of manifest) {
    const bytes = files.get(`images/${m.file}`);
    if (!bytes) return fail('backup_missing_image', m.file);
    if (bytes.length !== m.size) return fail('backup_image_mismatch', m.file);
    images.push({ url: m.url, type: m.type, size: m.size, storedAt: m.storedAt, bytes });
  }
  return ok(images);
}

export async function importBackup(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS, signal?: AbortSignal): Promise<Result<RestoredBackup>> {
  const zip = await readZip(src, limits, signal);
  if (!zip.ok) return zip;
  const json = zip.value.get(BACKUP_JSON);
  if (!json) return fail('backup_missing_json');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    return fail('not_utf8', BACKUP_JSON);
  }
  const parsed = parseBackupJson(text);
  if (!parsed.ok) return parsed;
  const urls = new Set(parsed.value.images.map((m) => m.url));
  if (urls.size !== parsed.value.images.length) return fail('backup_bad_schema', 'duplicate image URL');
  const images = pairImages(parsed.value.images, zip.value);
  if (!images.ok) return images;
  return ok({ posts: parsed.value.posts, images: images.value });
}
