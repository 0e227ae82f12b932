/**
 * Inert documents for cleaning: nothing parsed here runs or loads, and the live page
 * is never touched (extraction must not mutate its input).
 */
export function inertDocument(doc: Document): Document {
  return doc.implementation.createHTMLDocument('');
}

/** Parses an HTML fragment (API-form content) into a container of an inert document. */
export function parseIntoContainer(doc: Document, html: string): HTMLElement {
  const Parser = doc.defaultView?.DOMParser ?? globalThis.DOMParser;
  // DOMParser documents have scripting disabled, so <noscript> content is parsed as markup
  // and no resource is fetched.
  const parsed = new Parser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  return parsed.body;
}

/** Deep-clones a live element into an inert document. */
export function cloneIntoContainer(el: Element): HTMLElement {
  const inert = inertDocument(el.ownerDocument);
  const container = inert.createElement('div');
  container.append(inert.importNode(el, true));
  return container;
}
