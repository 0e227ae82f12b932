/**
 * Reads a v2 backup (format.ts) entry by entry. Opening checks everything that does not need the
 * entries' bytes: the manifest, the checksums, that the archive holds exactly the listed posts and
 * images (sizes from the directory) and a checksum for each. Each post and image is then verified
 * as it is read: SHA-256 against checksums.json, JSON, schema, and the post's key against its path.
 */
import * as v from 'valibot';
import { fail, issuesDetail, ok, type Result } from '../import/result';
import type { DirEntry, ZipArchive } from '../zip/reader';
import { BACKUP_FORMAT, CHECKSUMS_JSON, imageEntryName, keyOfPostFile, MANIFEST_JSON, type BackupPost, type Checksums, type ManifestV2 } from './format';
import { inFileOrder } from './file-order';
import { BackupError, type BackupReader } from './reader-types';
import { BackupPostSchema, ChecksumsSchema, ManifestV2Schema } from './schema';
import { sha256Hex } from './sha256';
import { parseStrictJson } from './strict-json';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array, name: string): Result<unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('not_utf8', name);
  }
  const parsed = parseStrictJson(text);
  return parsed.ok ? ok(parsed.value) : fail('backup_bad_json', `${name}: ${parsed.detail}`);
}

async function readJson<T>(zip: ZipArchive, name: string, schema: v.GenericSchema<unknown, T>, signal?: AbortSignal): Promise<Result<T>> {
  const entry = zip.get(name);
  if (!entry) return fail(name === MANIFEST_JSON ? 'backup_missing_json' : 'backup_bad_schema', `no ${name}`);
  const read = await zip.read(entry, signal);
  if (!read.ok) return read;
  const data = decode(read.value, name);
  if (!data.ok) return data;
  if (name === MANIFEST_JSON && typeof data.value === 'object' && data.value !== null) {
    const head = data.value as { format?: unknown; version?: unknown };
    if (head.format === BACKUP_FORMAT && head.version !== 2) return fail('backup_unsupported_version', String(head.version));
  }
  const checked = v.safeParse(schema, data.value);
  return checked.success ? ok(checked.output) : fail('backup_bad_schema', `${name}: ${issuesDetail(checked.issues)}`);
}

/** The archive holds exactly the manifest, the checksums, post files, and the listed images; each has a checksum. */
function checkEntries(zip: ZipArchive, manifest: ManifestV2, checksums: Checksums): Result<DirEntry[]> {
  const images = new Map(manifest.images.map((m) => [imageEntryName(m.file), m]));
  if (images.size !== manifest.images.length) return fail('backup_bad_schema', 'duplicate image file');
  if (new Set(manifest.images.map((m) => m.url)).size !== manifest.images.length) return fail('backup_bad_schema', 'duplicate image URL');
  const posts: DirEntry[] = [];
  for (const e of zip.entries) {
    if (e.name === MANIFEST_JSON || e.name === CHECKSUMS_JSON || images.has(e.name)) continue;
    if (keyOfPostFile(e.name) === null) return fail('backup_bad_schema', `unexpected entry ${e.name}`);
    posts.push(e);
  }
  for (const [name, m] of images) {
    const e = zip.get(name);
    if (!e) return fail('backup_missing_image', m.file);
    if (e.size !== m.size) return fail('backup_image_mismatch', m.file);
  }
  const listed = Object.keys(checksums.sha256);
  if (checksums.counts.posts !== posts.length || checksums.counts.images !== images.size || listed.length !== posts.length + images.size) {
    return fail('backup_bad_schema', 'checksums.json does not list the entries the backup holds');
  }
  for (const e of [...posts.map((p) => p.name), ...images.keys()]) if (!Object.hasOwn(checksums.sha256, e)) return fail('backup_bad_schema', `no checksum for ${e}`);
  return ok(posts);
}

/** The entry's bytes, checked against its SHA-256 (which makes the ZIP's CRC-32 redundant: it is not computed). */
async function verified(zip: ZipArchive, entry: DirEntry, checksums: Checksums, signal?: AbortSignal): Promise<Uint8Array> {
  const read = await zip.read(entry, signal, { skipCrc: true });
  if (!read.ok) throw new BackupError(read.error.code, read.error.detail);
  if ((await sha256Hex(read.value)) !== checksums.sha256[entry.name]) throw new BackupError('backup_hash_mismatch', entry.name);
  return read.value;
}

async function readPost(zip: ZipArchive, entry: DirEntry, checksums: Checksums, signal?: AbortSignal): Promise<BackupPost> {
  const data = decode(await verified(zip, entry, checksums, signal), entry.name);
  if (!data.ok) throw new BackupError(data.error.code, data.error.detail);
  const checked = v.safeParse(BackupPostSchema, data.value);
  if (!checked.success) throw new BackupError('backup_bad_schema', `${entry.name}: ${issuesDetail(checked.issues)}`);
  const post = checked.output as BackupPost;
  if (post.key !== keyOfPostFile(entry.name)) throw new BackupError('backup_key_mismatch', `${entry.name} holds ${post.key}`);
  return post;
}

export async function openV2(zip: ZipArchive, signal?: AbortSignal): Promise<Result<BackupReader>> {
  const manifest = await readJson(zip, MANIFEST_JSON, ManifestV2Schema, signal);
  if (!manifest.ok) return manifest;
  const checksums = await readJson(zip, CHECKSUMS_JSON, ChecksumsSchema, signal);
  if (!checksums.ok) return checksums;
  const posts = checkEntries(zip, manifest.value as ManifestV2, checksums.value);
  if (!posts.ok) return posts;
  const sums = checksums.value;
  return ok({
    version: 2,
    counts: { ...sums.counts },
    async *posts(batch, s) {
      for (let i = 0; i < posts.value.length; i += batch) {
        const out: BackupPost[] = [];
        for (const entry of posts.value.slice(i, i + batch)) out.push(await readPost(zip, entry, sums, s));
        yield out;
      }
    },
    async *images(s) {
      for (const { m, entry } of inFileOrder(zip, (manifest.value as ManifestV2).images)) {
        const bytes = await verified(zip, entry, sums, s);
        yield { url: m.url, type: m.type, size: m.size, storedAt: m.storedAt, bytes };
      }
    },
  });
}
