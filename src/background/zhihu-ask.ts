/**
 * One question to Zhihu as the long jobs ask it (batch pages, the watch's items): through the one
 * scheduler's lane, a 5xx or a dropped connection tried again with a doubling wait, and anything that will
 * not pass by waiting (verification, login, an answer we do not understand) handed back at once, with the
 * reason the job pauses for.
 */
import type { BatchReason } from '../storage/batch-types';
import type { ZhihuOutcome } from './zhihu-response';

/** 5xx and dropped connections: this many tries, doubling the wait, then the job pauses and says so. */
export const TRIES = 3;

/** The final outcome: never `retry` unless the tries ran out. */
export async function askWithRetries(send: () => Promise<ZhihuOutcome>, sleep: (ms: number) => Promise<void>): Promise<ZhihuOutcome> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await send();
    if (outcome.kind !== 'retry' || attempt + 1 >= TRIES) return outcome;
    await sleep(1_000 * 2 ** attempt);
  }
}

/** Why a job pauses on an outcome that is not an answer (the batch reasons, said in words by src/shared/batch-text.ts). */
export function pauseReason(outcome: Exclude<ZhihuOutcome, { kind: 'ok' } | { kind: 'dropped' }>): BatchReason {
  if (outcome.kind === 'retry') return /^HTTP 5/.test(outcome.detail) ? 'server' : 'network';
  return outcome.kind;
}
