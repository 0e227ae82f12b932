/**
 * Saves a tab may ask for: a token bucket per tab. A person clicking save buttons, the shortcut or
 * the context menu stays far below it; a page script that forges saves (it cannot click our buttons,
 * which act on trusted events only, but it could reach a compromised content script) is held to it.
 * Kept in the worker's memory: a restarted worker starts every tab with a full bucket again.
 */
const BURST = 20;
const PER_MINUTE = 30;

interface Bucket {
  tokens: number;
  at: number;
}

const buckets = new Map<number, Bucket>();

/** Takes one save from the tab's allowance; false when it has none left. Saves without a tab (our pages) are not limited. */
export function takeSave(tabId: number | undefined, now = Date.now()): boolean {
  if (tabId === undefined) return true;
  forgetIdle(now);
  const b = buckets.get(tabId) ?? { tokens: BURST, at: now };
  b.tokens = Math.min(BURST, b.tokens + ((now - b.at) * PER_MINUTE) / 60_000);
  b.at = now;
  buckets.set(tabId, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/**
 * A tab idle long enough to have refilled its bucket is forgotten, so the map does not grow over a
 * long session. (Not on tabs.onRemoved: a listener there would wake a stopped worker for every
 * closed tab, and a woken worker opens the library.)
 */
function forgetIdle(now: number): void {
  if (buckets.size < 64) return;
  for (const [tab, b] of buckets) if (now - b.at > FULL_AFTER_MS) buckets.delete(tab);
}
const FULL_AFTER_MS = (BURST / PER_MINUTE) * 60_000;
