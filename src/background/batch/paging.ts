/**
 * Reads one page of a Zhihu list (question feeds, 收藏夹 items, column items, a person's answers /
 * articles / pins) into batch items and the link to the next page. Pure.
 *
 * Zhihu's own paging is followed exactly (docs/zhihu-format.md §3.4: `paging.next` until `paging.is_end`): we never
 * build a cursor and never stop on `totals`. The one change made to `next` is its scheme: Zhihu has been
 * seen to answer `http://` there, which an https-only client must not follow as is.
 */
import { UNSUPPORTED_REASON } from '../../storage/batch-types';
import type { NewBatchItem } from '../../storage/batches';
import type { PostKey } from '../../storage/types';

export interface ListPage {
  items: NewBatchItem[];
  /** null when `is_end` said this was the last page. */
  next: string | null;
}

type Obj = Record<string, unknown>;
const KINDS = new Set(['answer', 'article', 'pin']);

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

/** Only Zhihu's own API, over https: a page cannot send the worker anywhere else. */
export function safeNextUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 4_000) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'http:') url.protocol = 'https:';
  if (url.protocol !== 'https:' || url.hostname !== 'www.zhihu.com' || url.port !== '' || !url.pathname.startsWith('/api/v4/')) return null;
  return url.href;
}

/** The item inside a list entry: a feed card's `target`, a 收藏夹 entry's `content` object, or the entry itself. */
function itemOf(entry: Obj): Obj {
  return obj(entry.target) ?? obj(entry.content) ?? entry;
}

function hasBody(o: Obj): boolean {
  return typeof o.content === 'string' || typeof o.content_html === 'string' || Array.isArray(o.content) || o.attachment !== undefined;
}

export function toBatchItem(entry: unknown): NewBatchItem {
  const o = itemOf(obj(entry) ?? {});
  const type = typeof o.type === 'string' ? o.type : '';
  const id = typeof o.id === 'number' || typeof o.id === 'string' ? String(o.id) : '';
  const known = KINDS.has(type) && /^\d{1,25}$/.test(id);
  const key = known ? (`${type}:${id}` as PostKey) : 'unavailable:';
  // Deleted or hidden entries keep their place in a 收藏夹 but carry no body (or say so): report them.
  if (!known) return { key, item: null, raw: null, state: 'unavailable', reason: type ? `${UNSUPPORTED_REASON}${type.slice(0, 40)}` : 'no item' };
  if (!hasBody(o) || o.is_deleted === true || o.is_hidden === true) return { key, item: null, raw: null, state: 'unavailable', reason: 'deleted or hidden' };
  return { key, item: null, raw: o, state: 'pending', reason: null };
}

/** null: not a list page (or one that neither ends nor says where to go next). */
export function readListPage(json: unknown): ListPage | null {
  const body = obj(json);
  const paging = obj(body?.paging);
  if (!body || !paging || !Array.isArray(body.data)) return null;
  const isEnd = paging.is_end === true;
  const next = isEnd ? null : safeNextUrl(paging.next);
  if (!isEnd && next === null) return null;
  return { items: body.data.map(toBatchItem), next };
}
