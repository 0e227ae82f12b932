/**
 * Inert documents for cleaning: nothing parsed here runs or loads, and the live page
 * is never touched (extraction must not mutate its input).
 */

/** Parses an HTML fragment into the body of a fresh inert document. */
export type HtmlParser = (html: string) => HTMLElement;

/** A parser bound to the DOMParser of `doc`'s window, or the global one (API JSON has no document). */
export function parserFor(doc?: Document): HtmlParser {
  const Parser = doc?.defaultView?.DOMParser ?? globalThis.DOMParser;
  // DOMParser documents have scripting disabled, so <noscript> content is parsed as markup
  // and no resource is fetched.
  return (html) => new Parser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body;
}

/** Deep-clones a live element into an inert document. */
export function cloneIntoContainer(el: Element): HTMLElement {
  const inert = el.ownerDocument.implementation.createHTMLDocument('');
  const container = inert.createElement('div');
  container.append(inert.importNode(el, true));
  return container;
}
