/**
 * What Zhihu's answer about one saved item means (issue #17). Pure: the saved facts and the outcome in,
 * a Zhihu state out. The fields read are those of the real objects in test/fixtures/zhihu
 * (docs/zhihu-format.md §3.7): `updated_time` / `updated`, `is_collapsed`, `is_normal`, `paid_info` and
 * `article_type`, a pin's `is_deleted`. No deleted or folded answer has been captured: the 404 rule and
 * the shapes of the tests' deleted/hidden bodies are ours (said so in SOURCES.md).
 */
import { entityIncomplete, entityUpdated } from '../../extract/entity-meta';
import { asObject, field, str, type JsonObject } from '../../extract/initial-data';
import type { ItemKind } from '../../extract/types';
import { fnv1a64 } from '../../shared/hash';
import type { ZhihuState } from '../../storage/watch-types';
import type { ZhihuOutcome } from '../zhihu-response';

/** What the library holds about the item, and what the last check saw. */
export interface SavedFacts {
  kind: ItemKind;
  id: string;
  /** The saved version's `updated_time`, epoch ms. */
  updatedAt: number | null;
  incompleteReason: string | null;
  /** The text hash the last check stored (zhihuStates.textHash). */
  lastTextHash: string | null;
}

export type Verdict =
  | { kind: 'state'; state: ZhihuState; textHash: string | null; questionDeleted?: boolean; object: JsonObject | null }
  | { kind: 'unreachable'; detail: string };

/** HTTP statuses that mean the item is gone: Zhihu answers a deleted page with 404 (你似乎来到了没有知识存在的荒原). */
const GONE = new Set([404, 410]);

/** Only the outcomes a check reads; verification, login, retries and drops pause the check before this. */
export function judge(saved: SavedFacts, outcome: Extract<ZhihuOutcome, { kind: 'ok' } | { kind: 'unexpected' }>): Verdict {
  if (outcome.kind === 'unexpected') {
    if (outcome.status !== undefined && GONE.has(outcome.status)) return { kind: 'state', state: 'deleted', textHash: null, object: null };
    return { kind: 'unreachable', detail: outcome.detail };
  }
  const o = asObject(outcome.json);
  if (!o) return { kind: 'unreachable', detail: 'not an object' };
  if (typeof o.type === 'string' && o.type !== saved.kind) return { kind: 'unreachable', detail: `a ${o.type}, not a ${saved.kind}` };
  if (o.id !== undefined && str(o.id) !== saved.id) return { kind: 'unreachable', detail: 'another item' };
  if (field(o, 'isDeleted') === true) return { kind: 'state', state: 'deleted', textHash: null, object: o };
  // An answer keeps its place after its question is deleted, with no question (the 收藏夹's deleted entries look so).
  if (saved.kind === 'answer' && 'question' in o && o.question === null) return { kind: 'state', state: 'deleted', textHash: null, questionDeleted: true, object: o };
  if (field(o, 'isCollapsed') === true || field(o, 'isNormal') === false) return { kind: 'state', state: 'hidden', textHash: null, object: o };
  // Paid now, and not when it was saved: the saved text is the whole one, never replaced by a trial.
  if (entityIncomplete(o) === 'paid' && saved.incompleteReason !== 'paid') return { kind: 'state', state: 'paid', textHash: null, object: o };
  const textHash = hashText(str(saved.kind === 'pin' ? field(o, 'contentHtml') : o.content));
  const updatedAt = entityUpdated(o, saved.kind);
  const timeMoved = updatedAt !== null && saved.updatedAt !== null && updatedAt !== saved.updatedAt;
  // The same updated_time but another text than the last check saw: an edit Zhihu did not date.
  const textMoved = !timeMoved && saved.lastTextHash !== null && textHash !== saved.lastTextHash;
  return { kind: 'state', state: timeMoved || textMoved ? 'edited' : 'visible', textHash, object: o };
}

/**
 * The item's text, tags and spacing left out: an edit changes it, while attributes Zhihu may vary between
 * two answers about the same text (image hosts, `?source=`, lazy-image markup) do not.
 */
export function hashText(html: string): string {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return fnv1a64(text);
}
