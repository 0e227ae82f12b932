/**
 * Import from files the user picked: a backup (.zip with images, or its backup.json alone),
 * or Hexo .md files / a folder of them. The pure layer validates (src/import); storage applies
 * all or nothing (src/storage/import-apply.ts). Every failure comes back as a code the page
 * turns into plain words; nothing here throws at the user.
 */
import { importBackup, parseBackupJson } from '../../import/backup';
import { importHexoFiles, MAX_HEXO_BYTES } from '../../import/hexo';
import type { ImportErrorCode, ImportReport } from '../../import/result';
import { blobSource, DEFAULT_ZIP_LIMITS } from '../../zip/reader';
import { applyImport, type ApplyOptions, type IncomingImage } from '../../storage/import-apply';
import type { BackupPost } from '../../export/backup';
import { makeImportCleaner, type ImportCleanResult } from '../sanitize/import-cleaner';

/** security-reliability.md §5: check File.size before reading a JSON backup. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

export type FailCode = ImportErrorCode | 'storage' | 'nothing';
export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; code: FailCode; detail: string };

const failed = (code: FailCode, detail = ''): ImportOutcome => ({ ok: false, code, detail });
const lower = (f: File): string => f.name.toLowerCase();

let cleaner: ((html: string) => ImportCleanResult) | null = null;

/** Imported HTML is untrusted: clean it before it is stored, since exports write it out as it is. */
function cleanPost(post: BackupPost): BackupPost {
  cleaner ??= makeImportCleaner(window);
  const clean = cleaner;
  return {
    ...post,
    content: clean(post.content).html,
    ...(post.revisions ? { revisions: post.revisions.map((r) => ({ ...r, content: clean(r.content).html })) } : {}),
  };
}

async function apply(posts: readonly BackupPost[], images: readonly IncomingImage[], options: ApplyOptions, skipped: ImportReport['skipped'] = []): Promise<ImportOutcome> {
  try {
    const report = await applyImport(posts.map(cleanPost), images, options);
    return { ok: true, report: { imported: report.imported, skipped: [...skipped, ...report.skipped] } };
  } catch (e) {
    if (options.signal?.aborted) return failed('aborted');
    return failed('storage', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}

async function fromZip(file: File, options: ApplyOptions): Promise<ImportOutcome> {
  const r = await importBackup(blobSource(file), DEFAULT_ZIP_LIMITS, options.signal);
  if (!r.ok) return failed(r.error.code, r.error.detail);
  const images = r.value.images.map((i) => ({ url: i.url, type: i.type, storedAt: i.storedAt, bytes: i.bytes }));
  return apply(r.value.posts, images, options);
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
  return apply(r.value.posts, [], options);
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
  return apply(parsed.posts, [], options, [...skipped, ...parsed.skipped]);
}

export async function importFiles(files: readonly File[], options: ApplyOptions): Promise<ImportOutcome> {
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
