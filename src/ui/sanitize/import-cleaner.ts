/**
 * Content arriving in an import file is untrusted, and unlike the reader, exports (Hexo, Markdown)
 * write stored HTML into other people's sites as it is. So imports are cleaned once, at the door.
 *
 * Benign content must come back byte for byte (the seed round trip), and DOMPurify's serialiser
 * would re-escape text (`<<` in the seed's code block). So the original string is kept whenever
 * DOMPurify removed nothing and no URL was refused; otherwise the sanitised serialisation is stored.
 * (`removed` only ever makes us sanitise more, never less: docs/threats.md §3.1.)
 *
 * As in the reader (#7), the browser's parser never sees what CSP would report (handlers, style,
 * <base>): serializer-form HTML is rewritten without it (canonical.ts), anything else is parsed by
 * parse5 (prepass.ts), both with IMPORT_POLICY; what they leave out counts as removed.
 *
 * The Hexo export runs every stored body through this cleaner too (#7, defense in depth), 10,000 at a
 * time (#6), so markup the cleaner would keep as it is is recognised without a parse first (keptAsIs).
 */
import createDOMPurify, { type Config } from 'dompurify';
import { keepsCanonical, rewriteCanonical } from './canonical';
import { IMPORT_POLICY } from './policies';
import { makePrepass, type PrepassPolicy } from './prepass';
import { passThroughPolicy, safeLinkUrl } from './sanitizer';

const FORBID_TAGS = ['style', 'form', 'input', 'textarea', 'select', 'button', 'base', 'iframe', 'frame', 'object', 'embed', 'template', 'noscript', 'svg', 'math'];

const COMMENT_NODE = 8;

export interface ImportCleanResult {
  html: string;
  changed: boolean;
}

/**
 * The fast path's policy: what DOMPurify, with the config below and the URL hook, keeps untouched.
 * Tags of its html profile that are not forbidden; attributes it keeps whatever their value (its
 * URI_SAFE_ATTRIBUTES, and data-* with the names its DATA_ATTR accepts); attributes it checks as a
 * URL, where a value without `:` always passes; href and src only where the hook accepts them. Values
 * that DOMPurify's SAFE_FOR_XML checks (ATTR_VALUE_BREAKOUT, SELF_CLOSING_TAG) might refuse are left
 * to it. Anything else is not "unclean", only undecided here: the slow path decides it as before
 * (test/import-cleaner-fast-path.test.ts checks that both agree).
 */
const KEPT_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins',
  'sub', 'sup', 'mark', 'small', 'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'samp', 'abbr', 'time',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'figure', 'figcaption', 'img', 'a', 'span', 'div', 'ruby', 'rt', 'rp',
]);
const ANY_VALUE = new Set(['class', 'title', 'alt']);
const NO_COLON = new Set(['lang', 'colspan', 'rowspan', 'start', 'reversed', 'datetime', 'width', 'height', 'referrerpolicy']);
const DATA = /^data-[a-z0-9_.-]+$/;
const BREAKOUT = /(--!?|])>|<\/|\/>/;

const KEPT_AS_IS: PrepassPolicy = {
  tags: KEPT_TAGS,
  attribute: (tag, name, value) => {
    if (BREAKOUT.test(value)) return false;
    if (ANY_VALUE.has(name) || DATA.test(name)) return true;
    if (NO_COLON.has(name)) return !value.includes(':');
    return ((tag === 'a' && name === 'href') || (tag === 'img' && name === 'src')) && safeLinkUrl(value) !== null;
  },
};

/** True when the cleaner would return `html` unchanged, decided by one regex pass (canonical.ts). */
export function keptAsIs(html: string): boolean {
  return keepsCanonical(html, KEPT_AS_IS);
}

/** Cleans `html` (see above); markup already clean comes back as the same string, untouched. */
export function makeImportCleaner(win: Window & typeof globalThis): (html: string) => ImportCleanResult {
  const full = makePurifyCleaner(win);
  return (html) => (keptAsIs(html) ? { html, changed: false } : full(html));
}

/** The cleaner without the fast path: DOMPurify decides every string (the tests compare the two). */
export function makePurifyCleaner(win: Window & typeof globalThis): (html: string) => ImportCleanResult {
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
