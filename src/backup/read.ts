/**
 * Opens a backup ZIP of either version (format.ts) from a RandomAccess (the picked File, read
 * through its stream), and, for callers that want it all at once, reads it whole.
 */
import { fail, ok, type Result } from '../import/result';
import { DEFAULT_ZIP_LIMITS, openZip, type RandomAccess, type ZipLimits } from '../zip/reader';
import { ZipReadError } from '../zip/zip-result';
import { BACKUP_V1_JSON, MANIFEST_JSON, type BackupPost } from './format';
import { openV1 } from './read-v1';
import { openV2 } from './read-v2';
import { BackupError, type BackupReader, type RestoredImage } from './reader-types';

export { parseBackupJson } from './read-v1';
export { BackupError, type BackupReader, type RestoredImage } from './reader-types';

export async function openBackup(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS, signal?: AbortSignal): Promise<Result<BackupReader>> {
  const zip = await openZip(src, limits);
  if (!zip.ok) return zip;
  if (zip.value.get(BACKUP_V1_JSON)) return openV1(zip.value, signal);
  if (zip.value.get(MANIFEST_JSON)) return openV2(zip.value, signal);
  return fail('backup_missing_json');
}

/** A failure met while reading entries, as a result. */
export function backupFailure<T>(e: unknown): Result<T> {
  if (e instanceof BackupError) return fail(e.code, e.detail);
  if (e instanceof ZipReadError) return fail(e.code, e.detail);
  throw e;
}

export interface RestoredBackup {
  posts: BackupPost[];
  images: RestoredImage[];
}

/** The whole backup in memory, verified: for tests and small files. The import streams (openBackup). */
export async function readBackup(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS, signal?: AbortSignal): Promise<Result<RestoredBackup>> {
  const opened = await openBackup(src, limits, signal);
  if (!opened.ok) return opened;
  const posts: BackupPost[] = [];
  const images: RestoredImage[] = [];
  try {
    for await (const batch of opened.value.posts(500, signal)) posts.push(...batch);
    for await (const image of opened.value.images(signal)) images.push(image);
  } catch (e) {
    return backupFailure(e);
  }
  return ok({ posts, images });
}
