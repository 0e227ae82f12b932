// The single-item API the watch asks about each saved item (issue #17), as the fixture server answers it.
//
// Each object served is a REAL API object the test registers (the items a batch saved from the real
// captures, batch-routes.ts), at its real path `/api/v4/answers|articles|pins/<id>`; the query (`include=`)
// is ignored, as for every fixture route. Between two checks a test changes what an item's URL answers:
//   edited  — the same object, one paragraph added to its text and `updated_time` a day later;
//   hidden  — the same object with `is_collapsed: true` and a `collapse_reason` (folded);
//   paid    — the same object with `paid_info: {type: "paid", has_purchased: false}`;
//   deleted — HTTP 404 with a JSON error body.
// No deleted, folded or newly paid answer has been captured (test/fixtures/zhihu/SOURCES.md): these four are
// SYNTHETIC, each built from the real object with only the field changed that says so; the 404 body is ours
// (the product reads only the status). Verification refusals are the real anti-bot page and 40362 body.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiAnswer, BlockKind } from './batch-routes.js';

export type WatchMode = 'live' | 'edited' | 'hidden' | 'paid' | 'deleted';

type Obj = Record<string, unknown>;

const JSON_TYPE = 'application/json; charset=utf-8';
const ITEM_PATH = /^\/api\/v4\/(answers|articles|pins)\/(\d{1,25})$/;
const KIND: Record<string, string> = { answers: 'answer', articles: 'article', pins: 'pin' };
/** Ours: what a deleted item's URL answers (the product reads the 404 only). */
export const DELETED_BODY = JSON.stringify({ error: { message: '你似乎来到了没有知识存在的荒原', code: 404, name: 'fixture-server: synthetic deleted item' } });
/** The paragraph an edit adds, so tests can find it in the re-saved post and in the diff. */
export const EDIT_TEXT = '作者后来在知乎上补充的一段话。';

export interface WatchApi {
  /** The answer for a single-item API request, or null when this module does not serve that item. */
  answer(url: URL): ApiAnswer | null;
  /** Serves `object` (a real API object) for `key` (`answer:<id>`…), live. */
  serve(key: string, object: Obj): void;
  /** What `key`'s URL answers from now on. */
  change(key: string, mode: WatchMode): void;
  /**
   * For the bench: objects made on demand for keys never served (null: not ours). Built from a real
   * object per kind, so a check of 2,000 seeded posts reads Zhihu-sized bodies.
   */
  fallback: ((key: string) => Obj | null) | null;
  /** The Nth single-item request from now on (1 = the next one) gets the anti-bot page or a 403 40362, once. */
  blockAt(n: number, kind: BlockKind): void;
  /** Keys asked about, in order (a refused request included). */
  readonly asked: string[];
}

export function createWatchApi(fixturesDir: string): WatchApi {
  const objects = new Map<string, Obj>();
  const modes = new Map<string, WatchMode>();
  let count = 0;
  let block: { at: number; kind: BlockKind } | null = null;
  const api: WatchApi = {
    asked: [],
    fallback: null,
    serve(key, object) {
      objects.set(key, object);
      modes.set(key, 'live');
    },
    change(key, mode) {
      if (!objects.has(key)) throw new Error(`not served: ${key}`);
      modes.set(key, mode);
    },
    blockAt(n, kind) {
      block = { at: count + n, kind };
    },
    answer(url) {
      const m = ITEM_PATH.exec(url.pathname);
      if (!m) return null;
      const key = `${KIND[m[1] ?? ''] ?? ''}:${m[2] ?? ''}`;
      const object = objects.get(key) ?? api.fallback?.(key) ?? null;
      if (!object) return null;
      count++;
      api.asked.push(key);
      if (block && block.at === count) {
        const kind = block.kind;
        block = null;
        return kind === 'antibot'
          ? { status: 200, type: 'text/html; charset=utf-8', body: readFileSync(path.join(fixturesDir, 'antibot-zse-ck-challenge.html')) }
          : { status: 403, type: JSON_TYPE, body: readFileSync(path.join(fixturesDir, 'api-error-40362-short.json')) };
      }
      const mode = modes.get(key) ?? 'live';
      if (mode === 'deleted') return { status: 404, type: JSON_TYPE, body: DELETED_BODY };
      return { status: 200, type: JSON_TYPE, body: JSON.stringify(variant(object, mode)) };
    },
  };
  return api;
}

function variant(o: Obj, mode: WatchMode): Obj {
  if (mode === 'hidden') return { ...o, is_collapsed: true, collapse_reason: '回答被折叠' };
  if (mode === 'paid') return { ...o, paid_info: { type: 'paid', has_purchased: false } };
  if (mode !== 'edited') return o;
  const later = (v: unknown): unknown => (typeof v === 'number' ? v + 86_400 : v);
  const text = o.type === 'pin' ? 'content_html' : 'content';
  return { ...o, [text]: `${String(o[text] ?? '')}<p>${EDIT_TEXT}</p>`, updated_time: later(o.updated_time), updated: later(o.updated) };
}
