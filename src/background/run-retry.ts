/** Retries the images a saved post is still missing, with backoff, until all are in or the attempts run out. */
import { recordRetryOutcome } from '../storage/missing-images';
import type { OutboxRow } from '../storage/types';
import { mapLimit } from './fetch-image';
import { MAX_ATTEMPTS, retryDelay } from './retry-policy';
import { downloadAndStore } from './run-save';
import type { SaveSettings as Settings } from './settings';

export async function runRetry(job: OutboxRow, settings: Settings, now = Date.now()): Promise<void> {
  const results = await mapLimit(job.pending, 4, (url) => downloadAndStore(url, settings, now));
  const stillMissing = job.pending.filter((_, i) => !results[i]);
  const attempts = job.attempts + 1;
  const next = stillMissing.length && attempts < MAX_ATTEMPTS ? { ...job, pending: stillMissing, attempts, nextAttemptAt: now + retryDelay(attempts) } : null;
  await recordRetryOutcome(job.key, stillMissing, job, next);
}
