/**
 * The single-item API URLs we ask Zhihu for (docs/zhihu-format.md §3.1): a click-save's full text
 * (src/content/fetch-full.ts) and the watch's check of a saved item (src/background/watch). One place,
 * so both ask for the same fields the page itself asks for.
 */
import type { ItemKind } from '../extract/types';

const ANSWER_INCLUDE = [
  'content', 'excerpt', 'attachment', 'voteup_count', 'comment_count', 'created_time', 'updated_time', 'question',
  'paid_info', 'paid_info_content', 'content_need_truncated', 'force_login_when_click_read_more',
].join(',');

/**
 * What the watch adds: whether the answer is folded (`is_collapsed`, `collapse_reason`) or no longer shown
 * (`is_normal`). The question feeds' own `include=` asks for these three (api-question-feeds-*.json).
 */
const WATCH_INCLUDE = `${ANSWER_INCLUDE},is_normal,is_collapsed,collapse_reason`;

/** The API URL of an item, on the page's own origin (a zhuanlan page may not call www.zhihu.com: CORS). */
export function apiUrl(kind: ItemKind, id: string, origin: string): string | null {
  if (!/^\d{1,25}$/.test(id)) return null;
  if (kind === 'article') return origin === 'https://zhuanlan.zhihu.com' ? `${origin}/api/articles/${id}` : `https://www.zhihu.com/api/v4/articles/${id}`;
  if (origin !== 'https://www.zhihu.com') return null;
  if (kind === 'answer') return `${origin}/api/v4/answers/${id}?include=${encodeURIComponent(ANSWER_INCLUDE)}`;
  return `${origin}/api/v4/pins/${id}`;
}

/** The URL the watch asks about a saved item: the worker's requests go to www.zhihu.com. */
export function watchUrl(kind: ItemKind, id: string): string | null {
  if (!/^\d{1,25}$/.test(id)) return null;
  if (kind === 'answer') return `https://www.zhihu.com/api/v4/answers/${id}?include=${encodeURIComponent(WATCH_INCLUDE)}`;
  return apiUrl(kind, id, 'https://www.zhihu.com');
}
