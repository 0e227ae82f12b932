/**
 * The page-driven path of a question's batch save (issue #14). Not part of the content script: the worker
 * injects it (src/background/batch/page-driver.ts) into the question's tab only when Zhihu refuses the
 * batch's unsigned API requests (403, code 10003). We never sign a request; Zhihu's own page code does,
 * and it loads more answers as its list is scrolled. So this scrolls the list one step at a time, at the
 * batch's pace, and hands every answer over as it renders, captured as its own 保存 button would
 * capture it. It stops when the worker says so (the batch paused, was cancelled or ended), when it has
 * handed over as many answers as the question says it has, or when the page has brought nothing new for a
 * few scrolls in a row and a while: the end of the list (folded answers are not in it).
 */
import { extractItem, findItemRoots } from '../extract';
import { itemIdentity } from '../extract/ids';
import { entity, field, num, readInitialState } from '../extract/initial-data';
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
/**
 * As long, while fewer answers have come than the question's count: a slow answer from Zhihu, or a page
 * waiting on the user, should not end the batch short. Folded answers count but never render, so the
 * wait does end.
 */
const QUIET_SHORT_MS = 25_000;
/** The message schema's cap. */
const PER_MESSAGE = 100;

type Flagged = typeof globalThis & { [RUNNING]?: boolean };

async function drive(): Promise<void> {
  const seen = new Set<string>();
  const expected = answerCount();
  let stalls = 0;
  let lastNew = Date.now();
  for (;;) {
    const fresh = rendered(seen);
    stalls = fresh.length ? 0 : stalls + 1;
    if (fresh.length) lastNew = Date.now();
    const short = expected !== null && seen.size < expected;
    const complete = expected !== null && !short;
    const end = complete || (stalls >= STALLS_AT_END && Date.now() - lastNew >= (short ? QUIET_SHORT_MS : QUIET_AT_END_MS));
    let reply = { go: true, delayMs: 1_000 };
    for (let i = 0; i === 0 || i < fresh.length; i += PER_MESSAGE) {
      const last = i + PER_MESSAGE >= fresh.length;
      reply = await send('batch/page-items', { items: fresh.slice(i, i + PER_MESSAGE), end: end && last });
      if (!reply.go) return;
    }
    if (end) return;
    // Zhihu's list loads its next page when its end comes into view; scrolling the window there is what a reader does.
    const root = document.scrollingElement ?? document.documentElement;
    // At the bottom already, a second jump there is no scroll at all: a step up first, so the page sees its
    // list's end come into view again and asks for more (its last request may have failed or been slow).
    if (stalls > 0) {
      root.scrollTop = Math.max(0, root.scrollHeight - 2 * window.innerHeight);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    root.scrollTop = root.scrollHeight;
    await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  }
}

/** The question's answer count as its page states it, or null where the page does not say. */
function answerCount(): number | null {
  const id = /^\/question\/(\d+)/.exec(location.pathname)?.[1];
  return id ? num(field(entity(readInitialState(document), 'questions', id), 'answerCount')) : null;
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
