/** Failures the user must hear about in plain words, carried to the caller as an ErrorCode. */
import type { ErrorCode } from '../messaging/protocol';

export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Dexie wraps IndexedDB's QuotaExceededError; look at the inner error too. */
export function isQuotaError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const err = cur as { name?: unknown; message?: unknown; inner?: unknown };
    if (err.name === 'QuotaExceededError' || (typeof err.message === 'string' && /quota/i.test(err.message))) return true;
    cur = err.inner;
  }
  return false;
}
