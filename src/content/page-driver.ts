/**
 * The page-driven path of a question's batch save (issue #14). Not part of the content script: the worker
 * injects it (src/background/batch/page-driver.ts) into the question's tab only when Zhihu refuses the
 * batch's unsigned API requests (403, code 10003). We never sign a request; Zhihu's own page code does,
 * and it loads more answers as its list is scrolled. So this scrolls the list one step at a time, at the
 * batch's pace, and hands every answer over as it renders, captured as its own 保存 button would
 * capture it. It stops when the worker says so (the batch paused, was cancelled or ended) or when the page
 * has brought nothing new for a few scrolls in a row: the end of the list.
 */
import { extractItem, findItemRoots } from '../extract';
import { itemIdentity } from '../extract/ids';
import { readInitialState } from '../extract/initial-data';
import type { CapturedItem } from '../extract/types';
import { send } from '../messaging/client';

/** Set in the extension's isolated world while a driver runs, so a second injection does nothing. */
const RUNNING = '__zoPageDriver';
/**
 * The list counts as ended after this many scrolls in a row with no new answer, and no new answer for this
 * long: the page may still be waiting for Zhihu's answer to its last request.
 */
const STALLS_AT_END = 3;
const QUIET_AT_END_MS = 8_000;
/** The message schema's cap. */
const PER_MESSAGE = 100;

type Flagged = typeof globalThis & { [RUNNING]?: boolean };

async function drive(): Promise<void> {
  const seen = new Set<string>();
  let stalls = 0;
  let lastNew = Date.now();
  for (;;) {
    const fresh = rendered(seen);
    stalls = fresh.length ? 0 : stalls + 1;
    if (fresh.length) lastNew = Date.now();
    const end = stalls >= STALLS_AT_END && Date.now() - lastNew >= QUIET_AT_END_MS;
    let reply = { go: true, delayMs: 1_000 };
    for (let i = 0; i === 0 || i < fresh.length; i += PER_MESSAGE) {
      const last = i + PER_MESSAGE >= fresh.length;
      reply = await send('batch/page-items', { items: fresh.slice(i, i + PER_MESSAGE), end: end && last });
      if (!reply.go) return;
    }
    if (end) return;
    // Zhihu's list loads its next page when its end comes into view; scrolling the window there is what a reader does.
    const root = document.scrollingElement ?? document.documentElement;
    root.scrollTop = root.scrollHeight;
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  }
}

/** The answers rendered since the last look: only their ids are read for the ones already handed over. */
function rendered(seen: Set<string>): CapturedItem[] {
  const state = readInitialState(document);
  const out: CapturedItem[] = [];
  for (const root of findItemRoots(document)) {
    if (root.kind !== 'answer') continue;
    const id = itemIdentity(root.kind, root.element, location.href);
    if (!id || seen.has(id.id)) continue;
    const item = extractItem(root, location.href, {}, state);
    // Not rendered whole yet (its body comes later): looked at again next time.
    if (!item) continue;
    seen.add(id.id);
    out.push(item);
  }
  return out;
}

const scope = globalThis as Flagged;
if (!scope[RUNNING]) {
  scope[RUNNING] = true;
  void drive()
    .catch((e: unknown) => console.warn('[zhihu-offline] page driver stopped', e))
    .finally(() => {
      scope[RUNNING] = false;
    });
}
