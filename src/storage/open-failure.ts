/**
 * Why the library cannot be opened, in three kinds the user can act on (docs/faults.md
 * R11, R13). Dexie-free, so the popup's raw first paint, the pages and the worker all share it.
 *
 * - `newer`: the database was written by a newer build (a downgrade). This build must not touch
 *   it, since its rows may have a shape it does not know; the user is told to update.
 * - `quota`: the disk is too full to open (or upgrade) it.
 * - `unavailable`: the browser failed to open it ("Internal error opening backing store",
 *   a failed upgrade, a missing API). Often passes after a browser restart.
 *
 * In every case the database is left exactly as it is: never deleted, never "repaired" by us.
 */

/**
 * The IndexedDB version of the newest schema this build knows. Dexie stores `version(n)` as
 * n × 10 (v3 → 30); test/storage-open.test.ts keeps this equal to ZhihuOfflineDB's.
 */
export const KNOWN_IDB_VERSION = 90;

export type OpenFailureKind = 'newer' | 'quota' | 'unavailable';

export class LibraryUnavailableError extends Error {
  constructor(
    readonly kind: OpenFailureKind,
    cause?: unknown,
  ) {
    super(`library cannot be opened (${kind}): ${describe(cause)}`, { cause });
    this.name = 'LibraryUnavailableError';
  }
}

/** Names IndexedDB and Dexie give to a failed open (Dexie keeps the native error in `inner`). */
const OPEN_ERRORS = new Set(['UnknownError', 'OpenFailedError', 'UpgradeError', 'MissingAPIError', 'DatabaseClosedError']);

/** The kind of an open failure, looking through Dexie's wrappers; null for any other error. */
export function openFailureKind(e: unknown): OpenFailureKind | null {
  const chain = errorChain(e);
  for (const err of chain) if (err instanceof LibraryUnavailableError) return err.kind;
  const names = chain.map((err) => (err as { name?: unknown }).name);
  if (names.includes('VersionError')) return 'newer';
  if (names.includes('QuotaExceededError')) return 'quota';
  return names.some((n) => typeof n === 'string' && OPEN_ERRORS.has(n)) ? 'unavailable' : null;
}

/** The error, then what it wraps (Dexie: `inner`; standard: `cause`), a few levels deep. */
function errorChain(e: unknown): object[] {
  const out: object[] = [];
  for (let cur: unknown = e; cur && typeof cur === 'object' && out.length < 5; ) {
    out.push(cur);
    const next: unknown = (cur as { inner?: unknown }).inner ?? (cur as { cause?: unknown }).cause;
    if (next === cur) break;
    cur = next;
  }
  return out;
}

/** A short technical detail for the "what happened" line; the user-facing words come from _locales. */
export function describe(e: unknown): string {
  const inner = errorChain(e).at(-1) as { name?: unknown; message?: unknown } | undefined;
  if (!inner) return String(e);
  const name = typeof inner.name === 'string' ? inner.name : 'Error';
  const message = typeof inner.message === 'string' ? inner.message : '';
  return message ? `${name}: ${message}` : name;
}
