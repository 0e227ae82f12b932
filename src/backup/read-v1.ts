/**
 * Reads a v1 backup (format.ts): one backup.json holding every post, parsed whole (it is capped
 * at the reader's maxEntryBytes, 256 MiB), then its images one at a time. Kept so that every
 * backup a user ever saved still restores.
 */
import * as v from 'valibot';
import { fail, issuesDetail, ok, type Result } from '../import/result';
import type { ZipArchive } from '../zip/reader';
import { BACKUP_FORMAT, BACKUP_V1_JSON, imageEntryName, type BackupPost, type ManifestImage } from './format';
import { inFileOrder } from './file-order';
import { BackupError, type BackupReader } from './reader-types';
import { BackupJsonSchema } from './schema';
import { parseStrictJson } from './strict-json';

/** A v1 backup.json's text, validated. */
export function parseBackupJson(text: string): Result<{ posts: BackupPost[]; images: ManifestImage[] }> {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) return fail('backup_bad_json', parsed.detail);
  const data = parsed.value;
  if (typeof data === 'object' && data !== null) {
    const head = data as { format?: unknown; version?: unknown };
    if (head.format === BACKUP_FORMAT && head.version !== 1) return fail('backup_unsupported_version', String(head.version));
  }
  const checked = v.safeParse(BackupJsonSchema, data);
  if (!checked.success) return fail('backup_bad_schema', issuesDetail(checked.issues));
  return ok(checked.output as { posts: BackupPost[]; images: ManifestImage[] });
}

/** Checks that the archive holds exactly backup.json and the listed images, each of its listed size. */
function checkImages(zip: ZipArchive, manifest: readonly ManifestImage[]): Result<null> {
  const expected = new Set([BACKUP_V1_JSON, ...manifest.map((m) => imageEntryName(m.file))]);
  if (expected.size !== manifest.length + 1) return fail('backup_bad_schema', 'duplicate image file');
  if (new Set(manifest.map((m) => m.url)).size !== manifest.length) return fail('backup_bad_schema', 'duplicate image URL');
  for (const e of zip.entries) if (!expected.has(e.name)) return fail('backup_bad_schema', `unexpected entry ${e.name}`);
  for (const m of manifest) {
    const e = zip.get(imageEntryName(m.file));
    if (!e) return fail('backup_missing_image', m.file);
    if (e.size !== m.size) return fail('backup_image_mismatch', m.file);
  }
  return ok(null);
}

export async function openV1(zip: ZipArchive, signal?: AbortSignal): Promise<Result<BackupReader>> {
  const json = await zip.read(zip.get(BACKUP_V1_JSON)!, signal);
  if (!json.ok) return json;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json.value);
  } catch {
    return fail('not_utf8', BACKUP_V1_JSON);
  }
  const parsed = parseBackupJson(text);
  if (!parsed.ok) return parsed;
  const { posts, images } = parsed.value;
  const checked = checkImages(zip, images);
  if (!checked.ok) return checked;
  return ok({
    version: 1,
    counts: { posts: posts.length, images: images.length },
    async *posts(batch) {
      for (let i = 0; i < posts.length; i += batch) yield posts.slice(i, i + batch);
    },
    async *images(s) {
      for (const { m, entry } of inFileOrder(zip, images)) {
        const read = await zip.read(entry, s);
        if (!read.ok) throw new BackupError(read.error.code, read.error.detail);
        yield { url: m.url, type: m.type, size: m.size, storedAt: m.storedAt, bytes: read.value };
      }
    },
  });
}
