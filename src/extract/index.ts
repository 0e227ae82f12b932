/**
 * The pure extraction layer: `Document` in, typed result out. No `browser`, no page globals,
 * and the input document is never mutated (test/extract-purity.test.ts).
 */
import { extractAnswer } from './answer';
import { extractArticle } from './article';
import { readInitialState } from './initial-data';
import { SEL } from './selectors';
import type { CapturedItem, ItemKind } from './types';

export type { CapturedItem, ItemKind } from './types';

export interface ItemRoot {
  kind: ItemKind;
  element: Element;
}

/** Every saveable item on the page, in document order. */
export function findItemRoots(doc: Document): ItemRoot[] {
  const roots: ItemRoot[] = [];
  for (const el of Array.from(doc.querySelectorAll(`${SEL.answerItem}, ${SEL.articleRoot}`))) {
    roots.push({ kind: el.matches(SEL.answerItem) ? 'answer' : 'article', element: el });
  }
  return roots;
}

export function extractItem(root: ItemRoot, sourceUrl: string): CapturedItem | null {
  const state = readInitialState(root.element.ownerDocument);
  return root.kind === 'answer' ? extractAnswer(root.element, state, sourceUrl) : extractArticle(root.element, state, sourceUrl);
}

export function extractAll(doc: Document, sourceUrl: string): CapturedItem[] {
  return findItemRoots(doc)
    .map((r) => extractItem(r, sourceUrl))
    .filter((x): x is CapturedItem => x !== null);
}
