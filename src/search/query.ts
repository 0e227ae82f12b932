/**
 * Query parsing for full-text search. Chinese has no spaces, so a term is matched as a
 * substring (`includes`), which is exact — unlike segmenters that miss words segmented
 * differently (docs/performance-notes.md §4). Spaces separate terms that must all occur.
 */
export function parseQuery(q: string): string[] {
  return [...new Set(q.toLowerCase().split(/[\s\u3000]+/).filter(Boolean))].slice(0, 10);
}

export function matchesAll(text: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!text.includes(t)) return false;
  return true;
}
