/**
 * The reader's outcomes, in the shape of src/import/result.ts (whose error codes include these),
 * so an import passes a ZIP failure on as it is. No throw for bad input: a code and a detail.
 */
export type ZipErrorCode =
  | 'zip_not_a_zip'
  | 'zip_unsupported'
  | 'zip_too_many_entries'
  | 'zip_bad_entry_name'
  | 'zip_duplicate_entry'
  | 'zip_too_large'
  | 'zip_ratio'
  | 'zip_corrupt'
  | 'aborted';

export type ZipResult<T> = { ok: true; value: T } | { ok: false; error: { code: ZipErrorCode; detail: string } };

export const zipOk = <T>(value: T): ZipResult<T> => ({ ok: true, value });
export const zipFail = <T = never>(code: ZipErrorCode, detail = ''): ZipResult<T> => ({ ok: false, error: { code, detail } });

/** Thrown by a streamed read (ZipArchive.chunks), where a result cannot be returned mid-stream. */
export class ZipReadError extends Error {
  constructor(
    readonly code: ZipErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ZipReadError';
  }
}
