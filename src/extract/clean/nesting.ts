/**
 * Bounds on nesting in a cleaned body (issue 19 item 8). What is stored is parsed again by every reader,
 * export and backup, and an HTML parser re-creates each open formatting element that an implied end tag
 * closed, at each later text (src/ui/sanitize/formatting-cap.ts): with more than a dozen open, a small
 * body can parse to a tree thousands of times its size. A page's DOM can hold any nesting, so elements
 * past MAX_FORMATTING formatting ancestors, or deeper than MAX_DEPTH, are unwrapped (their content stays).
 * Real answers nest far less (test/golden is unchanged).
 */
import { MAX_FORMATTING } from '../../shared/limits';

/** Chromium flattens its own parse at 512; far below, and far above real content (about 10). */
export const MAX_DEPTH = 64;

const FORMATTING = new Set(['A', 'B', 'BIG', 'CODE', 'EM', 'FONT', 'I', 'NOBR', 'S', 'SMALL', 'STRIKE', 'STRONG', 'TT', 'U']);

interface Frame {
  el: Element;
  /** Depth and formatting ancestors of the element's children, counting only elements that stay. */
  depth: number;
  formatting: number;
}

export function capNesting(root: HTMLElement): void {
  const unwrap: Element[] = [];
  const stack: Frame[] = [{ el: root, depth: 0, formatting: 0 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    for (let child = frame.el.firstElementChild; child; child = child.nextElementSibling) {
      const isFormatting = FORMATTING.has(child.tagName);
      const drop = frame.depth >= MAX_DEPTH || (isFormatting && frame.formatting >= MAX_FORMATTING);
      if (drop) unwrap.push(child);
      const depth = drop ? frame.depth : frame.depth + 1;
      stack.push({ el: child, depth, formatting: frame.formatting + (isFormatting && !drop ? 1 : 0) });
    }
  }
  // Outermost first (the walk found parents before their children): each unwrap moves only the element's
  // own children, so the work stays linear however deep a hostile page nests.
  for (const el of unwrap) el.replaceWith(...Array.from(el.childNodes));
}
