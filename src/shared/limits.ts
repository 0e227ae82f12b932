/**
 * Earlier versions kept per post. A page that re-saves one item with new text each time, an author
 * who edits daily, or a file that carries thousands of revisions would otherwise grow the library
 * without end. The first version saved stays, as the one most worth having; of the rest, the newest.
 * Shared by saves (storage/commit.ts) and imports (import/conflict.ts); the reader says so.
 */
export const MAX_REVISIONS = 50;

/** The first and the newest of versions in order, `MAX_REVISIONS` at most. */
export function keptRevisions<T>(inOrder: readonly T[]): T[] {
  return inOrder.length <= MAX_REVISIONS ? [...inOrder] : [inOrder[0] as T, ...inOrder.slice(inOrder.length - MAX_REVISIONS + 1)];
}

/** A time this far past the clock is not a time the library can have seen: an import refuses it. */
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * Formatting elements (b, i, font, a…) open at once in stored HTML. The HTML parser re-opens every
 * open one in each new paragraph, so without a cap `<p><b>`×n then `<p>x`×m builds n×m nodes.
 * Shared by the capture cleaner (extract/clean/nesting.ts) and the sanitizer's cap (formatting-cap.ts);
 * here, not there, so the content script does not take parse5 along for a number.
 */
export const MAX_FORMATTING = 12;
