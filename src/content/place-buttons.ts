/** Puts one save button on every item that does not have one yet. */
import { findItemRoots, type ItemRoot } from '../extract';
import { SEL } from '../extract/selectors';
import { placeBadgeHost } from './badges';
import { BUTTON_ATTR, createButton } from './button';
import { saveItem } from './save-item';

const DONE = 'data-zo-bound';
/** This instance's mark: a retiring instance unmarks only the items it bound, never a newer instance's. */
const TOKEN = Math.random().toString(36).slice(2);

export function placeButtons(doc: Document, signal: AbortSignal): number {
  let placed = 0;
  for (const root of findItemRoots(doc)) {
    if (root.element.hasAttribute(DONE)) continue;
    root.element.setAttribute(DONE, TOKEN);
    signal.addEventListener('abort', () => {
      if (root.element.getAttribute(DONE) === TOKEN) root.element.removeAttribute(DONE);
    }, { once: true });
    const button = createButton(doc, (b) => void saveItem(root, b), signal);
    anchorFor(root).after(button);
    placeBadgeHost(button);
    placed++;
  }
  return placed;
}

/**
 * After the author line of an answer, pin or card; under the title of a zhuanlan page; after a list
 * card's title when it has no author line (column-c_1335313713054887936-2021.html).
 */
function anchorFor(root: ItemRoot): Element {
  const el = root.element;
  const anchor = el.matches(SEL.articleRoot)
    ? el.querySelector(SEL.articleTitle)
    : (el.querySelector(SEL.itemMetaLine) ?? el.querySelector(SEL.itemTitle));
  return anchor ?? el.firstElementChild ?? el;
}

/** Removes buttons left by an earlier instance of this script (the extension was reloaded). */
export function removeStaleButtons(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll(`[${BUTTON_ATTR}], [${DONE}]`))) {
    if (el.hasAttribute(BUTTON_ATTR)) el.remove();
    else el.removeAttribute(DONE);
  }
}
