/** Readers for Zhihu entities: the camelCase ones of js-initialData and the snake_case API objects alike. */
import type { AuthorInfo, IncompleteReason, ItemKind } from './types';
import { asObject, field, num, str, type Json, type JsonObject } from './initial-data';
import { parseHttps } from './clean/urls';

export const ANONYMOUS = '匿名用户';

export function entityAuthor(e: JsonObject): AuthorInfo | null {
  const a = asObject(field(e, 'author'));
  if (!a) return null;
  const token = str(field(a, 'urlToken'));
  // The anonymous author has id "0" and an empty url_token (api-question-feeds-406698056.json).
  const anonymous = str(a.id) === '0' || !token;
  return {
    name: str(a.name) || ANONYMOUS,
    url: anonymous ? '' : `https://www.zhihu.com/people/${encodeURIComponent(token)}`,
    avatar: parseHttps(str(field(a, 'avatarUrl')))?.href ?? '',
    headline: str(a.headline),
  };
}

/** Zhihu's entity times are epoch seconds. */
export function entityTime(v: Json | undefined): number | null {
  const n = num(v);
  return n === null || n <= 0 ? null : n * 1000;
}

/**
 * When an item was last edited. Answers say `updated_time` (`updatedTime` in js-initialData); articles and pins
 * say `updated`, except newer article objects (search, feeds), which say `updated_time` like answers.
 */
export function entityUpdated(e: JsonObject, kind: ItemKind): number | null {
  return entityTime(kind === 'answer' ? field(e, 'updatedTime') : (e.updated ?? field(e, 'updatedTime')));
}

/** When an item was written, read as entityUpdated reads its edit time. */
export function entityCreated(e: JsonObject, kind: ItemKind): number | null {
  return entityTime(kind === 'answer' ? field(e, 'createdTime') : (e.created ?? field(e, 'createdTime')));
}

export function entityTopics(e: JsonObject | null): string[] {
  const topics = field(e, 'topics');
  if (!Array.isArray(topics)) return [];
  return topics.map((t) => str(asObject(t)?.name)).filter(Boolean);
}

/** Why an entity's content is not the whole text, or null when it is (docs/zhihu-format.md §3.2, §5). */
export function entityIncomplete(e: JsonObject): IncompleteReason | null {
  const paid = asObject(field(e, 'paidInfo'));
  // Free items carry `paid_info: {type: ""}` (api-moments-follow-feed-items-redacted.json).
  const paidType = str(paid?.type);
  const bought = field(paid, 'hasPurchased') === true;
  if ((str(field(e, 'articleType')) === 'paid' || paidType !== '') && !bought) return 'paid';
  if (field(e, 'contentNeedTruncated') === true || field(e, 'forceLoginWhenClickReadMore') === true) return 'truncated';
  return null;
}
