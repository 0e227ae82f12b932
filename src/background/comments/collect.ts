/**
 * Fetches an item's comments page by page (issue #17): the root comments, and for each root whose
 * inline replies are fewer than it has, its reply pages, until Zhihu says `is_end` or `cap` comments
 * are kept. Every request goes through the caller's `request` (the one Zhihu scheduler): one at a
 * time, paced, and nothing more is asked once Zhihu refuses: a refusal ends the fetch with what came
 * before it kept and the reason said.
 */
import type { ItemKind } from '../../extract/types';
import type { CommentItem, CommentReason, CommentThread } from '../../storage/types';
import type { ZhihuOutcome } from '../zhihu-response';
import { childCommentsUrl, readChildPage, readRootPage, rootCommentsUrl, type CommentPage } from './read-page';

/** A request through the scheduler; `dropped` (the batch was paused or cancelled meanwhile) stops the fetch. */
export type CommentRequest = (url: string) => Promise<ZhihuOutcome>;

/** A 5xx or a dropped connection: tried this many times with a growing wait, as a batch does. */
const TRIES = 3;

export interface CollectDeps {
  request: CommentRequest;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

class Refused extends Error {
  constructor(readonly reason: CommentReason) {
    super(reason);
  }
}

function reasonOf(outcome: Exclude<ZhihuOutcome, { kind: 'ok' }>): CommentReason {
  if (outcome.kind === 'verify' || outcome.kind === 'login' || outcome.kind === 'unexpected') return outcome.kind;
  if (outcome.kind === 'dropped') return 'interrupted';
  return /^HTTP 5/.test(outcome.detail) ? 'server' : 'network';
}

async function page(url: string, read: (json: unknown) => CommentPage | null, deps: CollectDeps): Promise<CommentPage> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await deps.request(url);
    if (outcome.kind === 'ok') {
      const got = read(outcome.json);
      if (!got) throw new Refused('unexpected');
      return got;
    }
    if (outcome.kind !== 'retry' || attempt + 1 >= TRIES) throw new Refused(reasonOf(outcome));
    await deps.sleep(1_000 * 2 ** attempt);
  }
}

/** Never rejects for Zhihu's answers: every outcome is a thread, whole, capped, partial or missing. */
export async function collectComments(kind: ItemKind, id: string, cap: number, knownTotal: number | null, deps: CollectDeps): Promise<CommentThread> {
  const kept: CommentItem[] = [];
  const seen = new Set<string>();
  let total: number | null = null;
  let capped = false;
  const keep = (list: readonly CommentItem[], at: number): number => {
    let added = 0;
    for (const c of list) {
      if (seen.has(c.id)) continue;
      if (kept.length >= cap) {
        capped = true;
        break;
      }
      seen.add(c.id);
      kept.splice(at + added++, 0, c);
    }
    return added;
  };
  const finish = (state: CommentThread['state'], reason: CommentReason | null): CommentThread => ({
    state,
    reason,
    total: total ?? knownTotal,
    kept: kept.length,
    fetchedAt: deps.now(),
    items: kept,
  });
  try {
    for (let url: string | null = rootCommentsUrl(kind, id); url && !capped; ) {
      const roots = await page(url, readRootPage, deps);
      total ??= roots.total;
      keep(roots.comments, kept.length);
      for (const rootId of roots.moreReplies) {
        for (let next: string | null = childCommentsUrl(rootId); next && !capped; ) {
          const replies = await page(next, (json) => readChildPage(json, rootId), deps);
          // After the root's last reply kept so far, so a thread stays together.
          keep(replies.comments, endOfThread(kept, rootId));
          next = replies.next;
        }
        if (capped) break;
      }
      url = roots.next;
    }
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return finish(kept.length ? 'partial' : 'missing', e.reason);
  }
  return finish(capped ? 'capped' : 'complete', null);
}

/** The index just past `rootId`'s thread (the root and the replies kept after it). */
function endOfThread(list: readonly CommentItem[], rootId: string): number {
  let at = list.findIndex((c) => c.id === rootId);
  if (at < 0) return list.length;
  for (at++; at < list.length && list[at]!.rootId === rootId; at++);
  return at;
}
