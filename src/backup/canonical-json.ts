/**
 * JSON with object keys sorted at every depth, so the same data always gives the same bytes
 * however it was built (a store's field order, a schema's output order). Arrays keep order.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonical(value: unknown): Json {
  if (value === null || typeof value !== 'object') return value as Json;
  if (Array.isArray(value)) return value.map(canonical);
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}
