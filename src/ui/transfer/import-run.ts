/**
 * Import from files the user picked: a backup (.zip with images, or its backup.json alone),
 * or Hexo .md files / a folder of them. The pure layer validates (src/import); storage applies
 * all or nothing (src/storage/import-apply.ts). Every failure comes back as a code the page
 * turns into plain words; nothing here throws at the user.
 */
import { BackupError, openBackup, parseBackupJson, type BackupReader } from '../../backup/read';
import { importHexoFiles, MAX_HEXO_BYTES } from '../../import/hexo';
import type { ImportErrorCode, ImportReport } from '../../import/result';
import { DEFAULT_ZIP_LIMITS } from '../../zip/reader';
import { streamedSource } from '../../zip/random-access';
import { applyImport, POST_CHUNK, type ApplyOptions, type IncomingImage, type IncomingImages, type IncomingPosts } from '../../storage/import-apply';
import { ZipReadError } from '../../zip/zip-result';
import type { BackupPost } from '../../backup/format';
import { makeImportCleaner, type ImportCleanResult } from '../sanitize/import-cleaner';
import { isSyncFolder, syncFolderSource } from './sync-folder';

/** docs/threats.md §4.1: check File.size before reading a JSON backup. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export type FailCode = ImportErrorCode | 'storage' | 'nothing';
export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; code: FailCode; detail: string };

const failed = (code: FailCode, detail = ''): ImportOutcome => ({ ok: false, code, detail });
const lower = (f: File): string => f.name.toLowerCase();

let cleaner: ((html: string) => ImportCleanResult) | null = null;

/** Imported HTML is untrusted: clean it before it is stored, since exports write it out as it is. */
export function cleanImported(post: BackupPost): BackupPost {
  cleaner ??= makeImportCleaner(window);
  const clean = cleaner;
  return {
    ...post,
    content: clean(post.content).html,
    ...(post.revisions ? { revisions: post.revisions.map((r) => ({ ...r, content: clean(r.content).html })) } : {}),
  };
}

/** A failure while the file is read (a streamed image that fails its checks), or while it is stored. */
function failureOf(e: unknown, options: ApplyOptions): ImportOutcome {
  if (options.signal?.aborted) return failed('aborted');
  if (e instanceof BackupError || e instanceof ZipReadError) return failed(e.code, e.detail);
  return failed('storage', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

/** `posts` are cleaned already (cleanImported); a post read raw must never reach this. */
async function apply(posts: readonly BackupPost[] | IncomingPosts, images: readonly IncomingImage[] | IncomingImages, options: ApplyOptions, skipped: ImportReport['skipped'] = []): Promise<ImportOutcome> {
  try {
    const report = await applyImport(posts, images, options);
    return { ok: true, report: { ...report, skipped: [...skipped, ...report.skipped] } };
  } catch (e) {
    return failureOf(e, options);
  }
}

/**
 * A backup ZIP, read from the File through its stream: its directory, manifest and checksums are checked
 * before anything is written; its posts are then read, checked and cleaned a batch at a time and
 * set aside (staged) as they are read, and its images read one at a time as they are stored, each
 * verified as it is read. A bad one fails the import, and what it had set aside and stored goes.
 */
async function fromZip(file: File, options: ApplyOptions): Promise<ImportOutcome> {
  performance.mark('zo-import-start');
  const opened = await openBackup(streamedSource(file), DEFAULT_ZIP_LIMITS, options.signal);
  if (!opened.ok) return failed(opened.error.code, opened.error.detail);
  const reader: BackupReader = opened.value;
  const posts: IncomingPosts = {
    total: reader.counts.posts,
    batches: (async function* (): AsyncGenerator<BackupPost[]> {
      for await (const batch of reader.posts(POST_CHUNK, options.signal)) yield batch.map(cleanImported);
    })(),
  };
  const items = (async function* (): AsyncGenerator<IncomingImage> {
    for await (const i of reader.images(options.signal)) yield { url: i.url, type: i.type, storedAt: i.storedAt, bytes: i.bytes };
  })();
  const outcome = await apply(posts, { total: reader.counts.images, items }, options);
  performance.mark('zo-import-end');
  return outcome;
}

/** backup.json without its ZIP: the posts come back; their images are not in the file. */
async function fromJson(file: File, options: ApplyOptions): Promise<ImportOutcome> {
  if (file.size > MAX_JSON_BYTES) return failed('file_too_large', file.name);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return failed('not_utf8', file.name);
  }
  const r = parseBackupJson(text);
  if (!r.ok) return failed(r.error.code, r.error.detail);
  return apply(r.value.posts.map(cleanImported), [], options);
}

async function readMarkdown(file: File): Promise<{ name: string; text: string } | { name: string; reason: ImportErrorCode }> {
  const name = file.webkitRelativePath || file.name;
  if (file.size > MAX_HEXO_BYTES) return { name, reason: 'file_too_large' };
  try {
    return { name, text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()) };
  } catch {
    return { name, reason: 'not_utf8' };
  }
}

async function fromMarkdown(files: readonly File[], options: ApplyOptions): Promise<ImportOutcome> {
  const read = await Promise.all(files.map(readMarkdown));
  const texts = read.filter((r): r is { name: string; text: string } => 'text' in r);
  const skipped = read.filter((r): r is { name: string; reason: ImportErrorCode } => 'reason' in r);
  const parsed = importHexoFiles(texts, Date.now());
  return apply(parsed.posts.map(cleanImported), [], options, [...skipped, ...parsed.skipped]);
}

/** A sync folder (issue #16) copied off the WebDAV server: posts and images read a batch at a time as they are applied. */
async function fromSyncFolder(files: readonly File[], options: ApplyOptions): Promise<ImportOutcome> {
  try {
    const { posts, images } = await syncFolderSource(files, cleanImported);
    return await apply(posts, images, options);
  } catch (e) {
    return failureOf(e, options);
  }
}

export async function importFiles(files: readonly File[], options: ApplyOptions): Promise<ImportOutcome> {
  if (isSyncFolder(files)) return fromSyncFolder(files, options);
  const zips = files.filter((f) => lower(f).endsWith('.zip'));
  const jsons = files.filter((f) => lower(f).endsWith('.json') && !f.name.startsWith('.'));
  const mds = files.filter((f) => lower(f).endsWith('.md') || lower(f).endsWith('.markdown'));
  // One backup at a time: two backups could disagree, and the report would not say which won.
  if (zips.length === 1 && files.length === 1) return fromZip(zips[0]!, options);
  if (jsons.length === 1 && files.length === 1) return fromJson(jsons[0]!, options);
  if (mds.length) return fromMarkdown(mds, options);
  if (zips.length || jsons.length) return fromZip(zips[0] ?? jsons[0]!, options);
  return failed('nothing');
}
