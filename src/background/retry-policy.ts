/** Backoff for image retries: 1 min, 2, 4 … capped at 6 h; after MAX_ATTEMPTS the markers stay and the user can re-save. */
export const MAX_ATTEMPTS = 10;

export function retryDelay(attempts: number): number {
  return Math.min(60_000 * 2 ** attempts, 6 * 60 * 60_000);
}
