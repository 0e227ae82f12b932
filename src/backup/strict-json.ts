/**
 * JSON.parse that refuses `__proto__`, `constructor` and `prototype` keys anywhere: JSON.parse
 * itself cannot pollute, but later spreads and merges of what it returns could.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type Parsed = { ok: true; value: unknown } | { ok: false; detail: string };

export function parseStrictJson(text: string): Parsed {
  try {
    const value: unknown = JSON.parse(text, (key: string, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new Error(`forbidden key ${key}`);
      return v;
    });
    return { ok: true, value };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : 'json' };
  }
}
