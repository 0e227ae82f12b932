/** Readers for the camelCase entities of js-initialData. */
import type { AuthorInfo } from './types';
import { asObject, num, str, type JsonObject } from './initial-data';

export function entityAuthor(e: JsonObject): AuthorInfo | null {
  const a = asObject(e.author);
  if (!a) return null;
  const token = str(a.urlToken);
  const name = str(a.name);
  return {
    name: name || '匿名用户',
    url: token ? `https://www.zhihu.com/people/${token}` : '',
    avatar: str(a.avatarUrl).replace(/^http:/, 'https:'),
    headline: str(a.headline),
  };
}

/** Zhihu's entity times are epoch seconds. */
export function entityTime(v: JsonObject[string] | undefined): number | null {
  const n = num(v);
  return n === null ? null : n * 1000;
}

export function entityTopics(e: JsonObject | null): string[] {
  const topics = e?.topics;
  if (!Array.isArray(topics)) return [];
  return topics.map((t) => str(asObject(t)?.name)).filter(Boolean);
}
