/**
 * Import outcomes. The pure layer never throws for bad input: it returns a machine code
 * plus details; the UI turns codes into localized sentences later (issue #6).
 */
import * as v from 'valibot';
import type { ZipErrorCode } from '../zip/zip-result';

export type ImportErrorCode =
  | 'file_too_large'
  | 'not_utf8'
  | 'hexo_bad_structure'
  | 'hexo_bad_front_matter'
  | 'hexo_no_author_prefix'
  | ZipErrorCode
  | 'backup_missing_json'
  | 'backup_bad_json'
  | 'backup_bad_schema'
  | 'backup_unsupported_version'
  | 'backup_missing_image'
  | 'backup_image_mismatch'
  | 'backup_hash_mismatch'
  | 'backup_key_mismatch'
  | 'post_out_of_bounds'
  | 'aborted';

export interface ImportError {
  code: ImportErrorCode;
  /** Developer-facing detail (entry name, schema issue path…); not shown verbatim to users. */
  detail: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ImportError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ImportErrorCode, detail = ''): Result<T> => ({ ok: false, error: { code, detail } });

/** What an import did, for the summary the UI shows. */
export interface ImportReport {
  imported: number;
  skipped: { name: string; reason: string }[];
  /**
   * Posts that were in the library already with other text: which version is now the post
   * (`existing`: the library's; `incoming`: the file's). The other one is kept as a revision.
   */
  replaced: { name: string; kept: 'existing' | 'incoming' }[];
}

/** A short, bounded description of schema issues (paths + messages) for `detail`. */
export function issuesDetail(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
    .join('; ');
}
