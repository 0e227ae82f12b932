// The list APIs batch save follows (issue #14), as the fixture server answers them.
//
// Question feeds are REAL: every `answers` entry of the api-question-feeds-*.json captures is served at
// the exact URL (path and query) it was requested at, so the page's own `next` link and each page's
// `paging.next` lead through the real chain to its real `is_end`.
//
// 收藏夹, column and people lists are SYNTHETIC ENVELOPES: no raw `collections/<id>/items`, `columns/<id>/items`
// or `members/<token>/answers` body is public (test/fixtures/zhihu/SOURCES.md). We wrap REAL item objects
// (answers from the feeds captures, the articles and pins of the other API captures) in the shapes tools
// report for those endpoints: `data[]` of `{created, content}` for a 收藏夹, the objects themselves for a
// column or a person's list; offset paging with `paging.next` / `is_end`; 20 a page for the 收藏夹, 1 for
// the column and the person's 文章 and 想法 (whose last page is empty), 5 for the person's answers. One 收藏夹 entry is a deleted answer (no body,
// `is_deleted`); each list's second `next` is given as `http://`, as Zhihu has been seen to do; `totals`
// is wrong on purpose.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SESSION_COOKIE = 'z_c0';
/** What the page load sets and the API wants back: the user's own session. */
export const SESSION_VALUE = 'e2e-session-2|1700000000|fixture';

/** The real 收藏夹 page we serve the synthetic items under (collection-454292599-ssr.html, "日本文化"). */
export const COLLECTION_ID = '454292599';
export const COLLECTION_PAGE_SIZE = 20;
/** The questions whose answers fill the 收藏夹, in this order. */
const COLLECTION_QUESTIONS = ['372203058', '459980152', '306794971', '406698056'];
const COLLECTION_OTHERS = ['api-moments-follow-feed-items-redacted.json', 'api-search-v3-general-falv-redacted.json', 'api-pin-2005983535018820072.json', 'api-pin-2071001987873871220-redacted.json'];

/** The real column page we serve synthetic column items under (column-c_1335313713054887936-2021.html, "bigo前端"). */
export const COLUMN_ID = 'c_1335313713054887936';
/** A person whose answers list we serve (the token of api-people-deephub.json; the list and its page are synthetic). */
export const PEOPLE_TOKEN = 'deephub';
const COLUMN_ARTICLES = ['api-moments-follow-feed-items-redacted.json', 'api-search-v3-general-falv-redacted.json'];
const PEOPLE_QUESTION = '459980152';
const PEOPLE_PINS = ['api-pin-2005983535018820072.json', 'api-pin-2071001987873871220-redacted.json'];

export type BlockKind = 'antibot' | '40362';

export interface ApiAnswer {
  status: number;
  type: string;
  body: string | Buffer;
}

interface Logged {
  url: string;
  type: string;
  data: unknown;
}

type Obj = Record<string, unknown>;

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
}

/** Answer, article and pin objects with a body, found anywhere in a capture, first occurrence kept. */
function itemObjects(root: unknown): Obj[] {
  const out = new Map<string, Obj>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Obj;
    const hasBody = typeof o.content === 'string' || typeof o.content_html === 'string' || o.attachment !== undefined;
    if ((o.type === 'answer' || o.type === 'article' || o.type === 'pin') && o.id !== undefined && hasBody) {
      const key = `${String(o.type)}:${String(o.id)}`;
      if (!out.has(key)) out.set(key, o);
      return;
    }
    Object.values(o).forEach(visit);
  };
  visit(root);
  return [...out.values()];
}

export interface BatchApi {
  /** The answer for an API request, or null when this module does not serve that path. */
  answer(url: URL, headers: Record<string, string | string[] | undefined>): ApiAnswer | null;
  /** The Nth list request from now on (1 = the next one) gets the anti-bot page or a 403 40362, once. */
  blockAt(n: number, kind: BlockKind): void;
  /** Refuse list requests without an `x-zse-96` header (403 10003), as Zhihu does for some endpoints. */
  requireSignature: boolean;
  /** Keys (`answer:<id>`…) of every item the 收藏夹 serves with a body, in order. */
  readonly collectionKeys: string[];
  /** The key of the deleted entry. */
  readonly collectionDeletedKey: string;
  /**
   * For the bench: the 收藏夹 now lists `n` items, copies of its real objects with new ids and, per copy,
   * new image file names (so every copy's images are fetched and stored, as distinct answers' would be).
   */
  resizeCollection(n: number): void;
  /** One more 收藏夹 entry at the end of the list, whose `content` is `item` (for entries we have no real object of). */
  addCollectionEntry(item: Record<string, unknown>): void;
  /** The API object the 收藏夹 serves for a key, as the engine stores it before normalizing. */
  collectionObject(key: string): Record<string, unknown> | undefined;
  /** The API object any list (收藏夹, column, person) serves for a key: what the watch's tests serve for it again. */
  objectOf(key: string): Record<string, unknown> | undefined;
  /** Question id → the keys of its feed answers, in chain order. */
  feedKeys(questionId: string): string[];
  /** Keys of the column's articles and of the person's answers, as served. */
  readonly columnKeys: string[];
  readonly peopleKeys: string[];
  /** Keys of the person's 想法 as served (their 文章 are the column's articles: columnKeys). */
  readonly peoplePinKeys: string[];
}

export function createBatchApi(fixturesDir: string): BatchApi {
  const feeds = new Map<string, unknown>();
  const feedKeysByQuestion = new Map<string, string[]>();
  for (const name of [...new Set(listFeedCaptures(fixturesDir))]) {
    const qid = /api-question-feeds-(\d+)\.json$/.exec(name)?.[1] ?? '';
    const entries = (readJson(fixturesDir, name) as Logged[]).filter((e) => e.type === 'answers');
    for (const e of entries) feeds.set(requestKey(new URL(e.url)), e.data);
    feedKeysByQuestion.set(qid, entries.flatMap((e) => itemObjects(e.data).map((o) => `answer:${String(o.id)}`)));
  }

  const items: Obj[] = [];
  for (const q of COLLECTION_QUESTIONS) {
    for (const e of (readJson(fixturesDir, `api-question-feeds-${q}.json`) as Logged[]).filter((x) => x.type === 'answers')) items.push(...itemObjects(e.data));
  }
  for (const name of COLLECTION_OTHERS) items.push(...itemObjects(readJson(fixturesDir, name)));
  const entries: Obj[] = items.map((content, i) => ({ created: createdAt(i), content }));
  // A deleted answer keeps its place in the list, without a body (synthetic, see the header).
  const deleted = { type: 'answer', id: 1000000001, is_deleted: true, question: null };
  entries.splice(7, 0, { created: createdAt(7), content: deleted });

  // A column: the real API articles we have, one a page, then an empty last page (3 pages in all).
  const articles = COLUMN_ARTICLES.flatMap((n) => itemObjects(readJson(fixturesDir, n))).filter((o) => o.type === 'article');
  // A person's answers: the real answers of one question's feeds, 5 a page.
  const answers = (readJson(fixturesDir, `api-question-feeds-${PEOPLE_QUESTION}.json`) as Logged[]).filter((x) => x.type === 'answers').flatMap((e) => itemObjects(e.data));
  // The same person's articles (文章 tab) and 想法 (pins): the real article and pin objects we have, one a page.
  const pins = PEOPLE_PINS.flatMap((n) => itemObjects(readJson(fixturesDir, n))).filter((o) => o.type === 'pin');
  const lists: { path: string; entries: Obj[]; size: number }[] = [
    { path: `/api/v4/collections/${COLLECTION_ID}/items`, entries, size: COLLECTION_PAGE_SIZE },
    { path: `/api/v4/columns/${COLUMN_ID}/items`, entries: articles, size: 1 },
    { path: `/api/v4/members/${PEOPLE_TOKEN}/answers`, entries: answers, size: 5 },
    { path: `/api/v4/members/${PEOPLE_TOKEN}/articles`, entries: articles, size: 1 },
    { path: `/api/v4/members/${PEOPLE_TOKEN}/pins`, entries: pins, size: 1 },
  ];

  let requestCount = 0;
  let block: { at: number; kind: BlockKind } | null = null;
  const api: BatchApi = {
    requireSignature: false,
    collectionKeys: items.map((o) => `${String(o.type)}:${String(o.id)}`),
    collectionDeletedKey: 'answer:1000000001',
    collectionObject: (key) => items.find((o) => `${String(o.type)}:${String(o.id)}` === key),
    objectOf: (key) => [...items, ...articles, ...answers].find((o) => `${String(o.type)}:${String(o.id)}` === key),
    resizeCollection(n) {
      const list = lists[0];
      if (!list) return;
      list.entries = Array.from({ length: n }, (_, i) => ({ created: createdAt(i), content: copyOf(items[i % items.length] ?? {}, i) }));
      api.collectionKeys.splice(0, Infinity, ...list.entries.map((e) => {
        const o = e.content as Obj;
        return `${String(o.type)}:${String(o.id)}`;
      }));
    },
    addCollectionEntry(item) {
      lists[0]?.entries.push({ created: createdAt(lists[0].entries.length), content: item });
    },
    columnKeys: articles.map((o) => `article:${String(o.id)}`),
    peopleKeys: answers.map((o) => `answer:${String(o.id)}`),
    peoplePinKeys: pins.map((o) => `pin:${String(o.id)}`),
    feedKeys: (q) => feedKeysByQuestion.get(q) ?? [],
    blockAt(n, kind) {
      block = { at: requestCount + n, kind };
    },
    answer(url, headers) {
      const feed = feeds.get(requestKey(url));
      const list = lists.find((l) => l.path === url.pathname);
      if (feed === undefined && !list) return null;
      requestCount++;
      if (block && block.at === requestCount) {
        const kind = block.kind;
        block = null;
        return kind === 'antibot'
          ? { status: 200, type: 'text/html; charset=utf-8', body: readFileSync(path.join(fixturesDir, 'antibot-zse-ck-challenge.html')) }
          : { status: 403, type: JSON_TYPE, body: readFileSync(path.join(fixturesDir, 'api-error-40362-short.json')) };
      }
      if (api.requireSignature && headers['x-zse-96'] === undefined) {
        return { status: 403, type: JSON_TYPE, body: readFileSync(path.join(fixturesDir, 'api-error-10003-http403.json')) };
      }
      if (feed !== undefined) return { status: 200, type: JSON_TYPE, body: JSON.stringify(feed) };
      return { status: 200, type: JSON_TYPE, body: JSON.stringify(offsetPage(list?.entries ?? [], url, list?.size ?? 20)) };
    },
  };
  return api;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Copy `i` of an item object: an id of its own and zhimg file names of its own (same length, hex kept). */
function copyOf(o: Obj, i: number): Obj {
  const tag = i.toString(16).padStart(6, '0');
  const json = JSON.stringify(o).replace(/(v2-[0-9a-f]{26})[0-9a-f]{6}/g, `$1${tag}`);
  const copy = JSON.parse(json) as Obj;
  copy.id = typeof o.id === 'number' ? 3_000_000_000 + i : String(3_000_000_000 + i);
  if (typeof copy.url === 'string') copy.url = copy.url.replace(/\d+$/, String(copy.id));
  return copy;
}

function listFeedCaptures(dir: string): string[] {
  return ['306794971', '372203058', '459980152'].map((q) => `api-question-feeds-${q}.json`).filter((n) => {
    try {
      readFileSync(path.join(dir, n));
      return true;
    } catch {
      return false;
    }
  });
}

/** Path and query with percent-escapes decoded, so `*` and `%2A` are one URL (browsers may re-escape). */
function requestKey(url: URL): string {
  return decodeURIComponent(`${url.pathname}${url.search}`);
}

function createdAt(i: number): string {
  return new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().replace('Z', '+08:00');
}

function offsetPage(entries: Obj[], url: URL, limit: number): Obj {
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
  const data = entries.slice(offset, offset + limit);
  // The column's last page is empty: a list may end on a page with nothing in it.
  const isEnd = offset >= entries.length;
  const base = `www.zhihu.com${url.pathname}`;
  // The second page's next link comes as http://, as Zhihu has been seen to send it.
  const scheme = offset === limit ? 'http' : 'https';
  return {
    data,
    paging: {
      is_end: limit === 1 ? isEnd : offset + limit >= entries.length,
      is_start: offset === 0,
      next: `${scheme}://${base}?offset=${offset + limit}&limit=${limit}`,
      previous: `https://${base}?offset=${Math.max(0, offset - limit)}&limit=${limit}`,
      // Deliberately wrong: batch save must stop on is_end, never on totals.
      totals: Math.max(0, entries.length - 10),
    },
  };
}
