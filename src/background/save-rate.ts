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
  const b = buckets.get(tabId) ?? { tokens: BURST, at: now };
  b.tokens = Math.min(BURST, b.tokens + ((now - b.at) * PER_MINUTE) / 60_000);
  b.at = now;
  buckets.set(tabId, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/** A closed tab's allowance is dropped, so the map does not grow over a long session. */
export function forgetTab(tabId: number): void {
  buckets.delete(tabId);
}
