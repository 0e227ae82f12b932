/** What the backup readers (read-v1.ts, read-v2.ts) hand to the import, and how they fail mid-stream. */
import type { ImportErrorCode } from '../import/result';
import type { BackupPost, ManifestImage } from './format';

export interface RestoredImage extends Omit<ManifestImage, 'file'> {
  bytes: Uint8Array;
}

/**
 * An opened backup whose directory, manifest and checksums have been checked: what remains can
 * fail only on an entry's own bytes (CRC, hash, JSON, schema), met as it is read.
 */
export interface BackupReader {
  version: 1 | 2;
  counts: { posts: number; images: number };
  /** Every post, validated, `batch` at a time. Throws BackupError. */
  posts(batch: number, signal?: AbortSignal): AsyncGenerator<BackupPost[]>;
  /** Every image, verified, one at a time (read from the file only when asked). Throws BackupError. */
  images(signal?: AbortSignal): AsyncGenerator<RestoredImage>;
}

export class BackupError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    readonly detail = '',
  ) {
    super(`${code}: ${detail}`);
    this.name = 'BackupError';
  }
}
