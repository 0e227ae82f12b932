/**
 * The pure extraction layer: `Document` in, typed result out. No `browser`, no page globals,
 * and the input document is never mutated (test/extract-purity.test.ts).
 */
import { extractAnswer } from './answer';
import { extractArticle } from './article';
import { readInitialState, type JsonObject } from './initial-data';
import type { ExtractOptions } from './options';
import { extractPin } from './pin';
import { SEL } from './selectors';
import type { CapturedItem, ItemKind } from './types';

export type { CapturedItem, IncompleteReason, ItemKind } from './types';
export type { ExtractOptions } from './options';
export { itemIdentity } from './ids';
export { fromApiAnswer, fromApiArticle, fromApiPin, normalizeContentHtml } from './api';

export interface ItemRoot {
  kind: ItemKind;
  element: Element;
}

const ROOTS: [string, ItemKind][] = [
  [SEL.answerItem, 'answer'],
  [SEL.articleItem, 'article'],
  [SEL.articleRoot, 'article'],
  [SEL.pinItem, 'pin'],
];
const ANY_ROOT = ROOTS.map(([s]) => s).join(', ');

/** Every saveable item on the page, in document order. An item nested in another (a shared answer) is its own item. */
export function findItemRoots(doc: Document): ItemRoot[] {
  return Array.from(doc.querySelectorAll(ANY_ROOT)).map((element) => ({
    element,
    kind: ROOTS.find(([s]) => element.matches(s))?.[1] ?? 'answer',
  }));
}

export function extractItem(root: ItemRoot, sourceUrl: string, opts: ExtractOptions = {}, state?: JsonObject | null): CapturedItem | null {
  const s = state === undefined ? readInitialState(root.element.ownerDocument) : state;
  if (root.kind === 'answer') return extractAnswer(root.element, s, sourceUrl, opts);
  if (root.kind === 'pin') return extractPin(root.element, s, sourceUrl, opts);
  return extractArticle(root.element, s, sourceUrl, opts);
}

/** Every item of the page. The js-initialData script is parsed once for all of them (budget: 20 ms). */
export function extractAll(doc: Document, sourceUrl: string, opts: ExtractOptions = {}): CapturedItem[] {
  const state = readInitialState(doc);
  return findItemRoots(doc)
    .map((r) => extractItem(r, sourceUrl, opts, state))
    .filter((x): x is CapturedItem => x !== null);
}
