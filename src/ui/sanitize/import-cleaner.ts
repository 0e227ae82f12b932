/**
 * Content arriving in an import file is untrusted, and unlike the reader, exports (Hexo, Markdown)
 * write stored HTML into other people's sites as it is. So imports are cleaned once, at the door.
 *
 * Benign content must come back byte for byte (the seed round trip), and DOMPurify's serialiser
 * would re-escape text (`<<` in the seed's code block). So the original string is kept whenever
 * DOMPurify removed nothing and no URL was refused; otherwise the sanitised serialisation is stored.
 * (`removed` only ever makes us sanitise more, never less: security-reliability.md §4.1.)
 *
 * As in the reader (#7), the browser's parser never sees what CSP would report (handlers, style,
 * <base>): serializer-form HTML is rewritten without it (canonical.ts), anything else is parsed by
 * parse5 (prepass.ts), both with IMPORT_POLICY; what they leave out counts as removed.
 */
import createDOMPurify, { type Config } from 'dompurify';
import { rewriteCanonical } from './canonical';
import { IMPORT_POLICY } from './policies';
import { makePrepass } from './prepass';
import { passThroughPolicy, safeLinkUrl } from './sanitizer';

const FORBID_TAGS = ['style', 'form', 'input', 'textarea', 'select', 'button', 'base', 'iframe', 'frame', 'object', 'embed', 'template', 'noscript', 'svg', 'math'];

const COMMENT_NODE = 8;

export interface ImportCleanResult {
  html: string;
  changed: boolean;
}

export function makeImportCleaner(win: Window & typeof globalThis): (html: string) => ImportCleanResult {
  const purify = createDOMPurify(win);
  if (!purify.isSupported) throw new Error('sanitizer unavailable');
  let refused = false;
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const attr of ['href', 'src'] as const) {
      const raw = node.getAttribute(attr);
      if (raw !== null && safeLinkUrl(raw) === null) {
        node.removeAttribute(attr);
        refused = true;
      }
    }
  });
  const config: Config & { RETURN_DOM_FRAGMENT: true } = {
    USE_PROFILES: { html: true },
    // Zhihu's and RSSHub's attributes: data-* (allowed by default) and referrerpolicy on images.
    ADD_ATTR: ['referrerpolicy'],
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
    RETURN_DOM_FRAGMENT: true,
    TRUSTED_TYPES_POLICY: passThroughPolicy(win, 'zhihu-offline-purify'),
  };
  // Built and serialized in an inert document: in the page's own, an <img> starts loading as soon as it is adopted.
  const inert = win.document.implementation.createHTMLDocument('');
  let left = false;
  const prepass = makePrepass(inert, IMPORT_POLICY, () => {
    left = true;
  });
  const box = inert.createElement('div');
  return (html) => {
    refused = false;
    const canonical = rewriteCanonical(html, IMPORT_POLICY);
    left = canonical !== null && canonical !== html;
    const fragment = purify.sanitize(canonical ?? prepass(html), config);
    // Handed a DOM, DOMPurify parses a comment of its own to hold it, then removes it; the pre-pass
    // builds no comment (it reports those it leaves out) and canonical markup has none.
    const removed = purify.removed.some((r) => !('element' in r) || r.element.nodeType !== COMMENT_NODE);
    if (!left && !removed && !refused) return { html, changed: false };
    box.replaceChildren(fragment);
    return { html: box.innerHTML, changed: true };
  };
}
