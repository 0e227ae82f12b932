/** Reads `script#js-initialData`, the page's own state (docs/zhihu-format.md §1.3, §2), and small JSON helpers. */
import { SEL } from './selectors';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function readInitialState(doc: Document): JsonObject | null {
  const text = doc.querySelector(SEL.initialData)?.textContent;
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return asObject(asObject(parsed)?.initialState);
  } catch {
    // A malformed script is treated like a missing one: the DOM is the fallback.
    return null;
  }
}

export function entity(state: JsonObject | null, table: 'answers' | 'articles' | 'questions' | 'pins', id: string): JsonObject | null {
  return asObject(asObject(asObject(state?.entities)?.[table])?.[id]);
}

export function asObject(v: unknown): JsonObject | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null;
}

/**
 * One field of an entity, whichever case it comes in: initialData is camelCase, the API is
 * snake_case (docs/zhihu-format.md §3.5), and both go through the same normalizer.
 */
export function field(o: JsonObject | null | undefined, camel: string): Json | undefined {
  if (!o) return undefined;
  if (camel in o) return o[camel];
  return o[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

export function str(v: Json | undefined): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function num(v: Json | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
