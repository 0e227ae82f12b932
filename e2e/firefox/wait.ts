// Waiting for a state, not for a time: poll a probe until it says yes, or fail with what it last saw.

/** Generous: Firefox shares 2 cores with other test runs; a state that never comes still fails. */
export const STATE_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = STATE_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = value;
    } catch (err) {
      // A probe may hit a document that is being replaced; that is a state too, keep polling.
      last = err instanceof Error ? `error: ${err.message}` : err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
