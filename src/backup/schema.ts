/**
 * Strict valibot schemas for a backup (format.ts): v1's backup.json, v2's manifest, checksums and
 * post files (docs/threats.md, import rules): unknown keys are rejected, every string and list is
 * bounded, URLs must parse and be https (or empty where the stored shape allows it, e.g. seed
 * imports have no Zhihu URL).
 * Keep in step with src/storage/types.ts: a new PostMeta field needs a schema change here
 * (and, if old backups lack it, a version bump with a migration).
 */
import * as v from 'valibot';
import { Epoch, LibraryPostSchema, Str, isHttpsUrl as httpsUrl } from '../storage/post-schema';

export const MAX_POSTS = 100_000;
export const MAX_IMAGES = 1_000_000;

/** A post file of the backup is a post as the library holds it: one schema (src/storage/post-schema.ts). */
export const BackupPostSchema = LibraryPostSchema;

export const ManifestImageSchema = v.strictObject({
  url: v.pipe(Str(4096), v.check(httpsUrl, 'https URL')),
  file: v.pipe(Str(40), v.regex(/^[0-9a-f]{16}\.[a-z0-9]{2,5}$/)),
  type: v.pipe(Str(100), v.regex(/^image\/[\w.+-]+$|^$|^application\/octet-stream$/)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  storedAt: Epoch,
});

export const BackupJsonSchema = v.strictObject({
  format: v.literal('zhihu-offline-backup'),
  version: v.literal(1),
  images: v.pipe(v.array(ManifestImageSchema), v.maxLength(MAX_IMAGES)),
  posts: v.pipe(v.array(BackupPostSchema), v.maxLength(MAX_POSTS)),
});

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const ManifestV2Schema = v.strictObject({
  format: v.literal('zhihu-offline-backup'),
  version: v.literal(2),
  images: v.pipe(v.array(ManifestImageSchema), v.maxLength(MAX_IMAGES)),
});

export const ChecksumsSchema = v.strictObject({
  counts: v.strictObject({
    posts: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_POSTS)),
    images: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_IMAGES)),
  }),
  sha256: v.record(Str(300), Hex64),
});
