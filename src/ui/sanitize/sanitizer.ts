/**
 * The ONLY module that turns untrusted HTML into DOM (lint forbids HTML sinks elsewhere).
 * Configuration as in docs/threats.md §3.2: an HTML-only allowlist, a private
 * DOMPurify instance, URL checks with `new URL()` in hooks, and a DocumentFragment result
 * that is inserted with replaceChildren — never innerHTML. The browser's parser never sees what
 * the allowlist forbids (CSP would report it): canonical.ts rewrites serializer-made markup to the
 * allowlist, and parse5 (prepass.ts) parses everything else.
 */
import createDOMPurify from 'dompurify';
import type { TrustedTypePolicy, TrustedTypesWindow } from 'trusted-types/lib';
import { rewriteCanonical } from './canonical';
import { EXPORT_POLICY } from './policies';
import { makePrepass, type PrepassPolicy } from './prepass';
import { WORKER_POLICY } from './worker-url';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins',
  'sub', 'sup', 'mark', 'small', 'blockquote', 'q', 'cite', 'code', 'pre', 'kbd', 'samp', 'abbr', 'time',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'figure', 'figcaption', 'img', 'a', 'span', 'div', 'ruby', 'rt', 'rp',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'colspan', 'rowspan', 'start', 'reversed', 'datetime', 'lang', 'class'];
/** The data-* attributes `markStructure` reads before DOMPurify drops them. */
const STRUCTURE_ATTR = ['data-draft-type', 'data-eeimg', 'data-numero', 'data-text', 'data-url'];
/**
 * Classes the reader styles; everything else from Zhihu is dropped. The last four are set by
 * `markStructure` below from data-* attributes that the allowlist then removes (issue #5).
 */
const CLASS_ALLOW = /^(ztext-math|highlight|language-[\w+#-]{1,40}|origin_image|content_image|ztext-math-display|footnote-ref|link-card|video-card)$/;
const IMAGE_HOST = /^(pic[0-9a-z]?|static)\.zhimg\.com$/;

export type Sanitize = (dirty: string) => DocumentFragment;

/** A reference of Zhihu's `sup[data-draft-type=reference]`, for the reader's footnote list. */
export interface Footnote {
  n: string;
  text: string;
  url: string | null;
}

export interface SanitizedContent {
  fragment: DocumentFragment;
  footnotes: Footnote[];
}

export function safeLinkUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
    return u.href;
  } catch {
    return null;
  }
}

export function safeImageUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && IMAGE_HOST.test(u.hostname) && !u.username && !u.password ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Zhihu marks structure with data-* attributes, which the sanitizer drops (ALLOW_DATA_ATTR
 * false). Before they go, turn the ones the reader needs into allowlisted classes; footnote
 * texts and URLs are collected as data (URL checked here), never copied into attributes.
 */
function markStructure(node: Element, footnotes: Footnote[]): void {
  // Reads only STRUCTURE_ATTR names: the pre-pass lets no other data-* into the DOM.
  const type = node.getAttribute('data-draft-type');
  const add = (c: string): void => node.setAttribute('class', `${node.getAttribute('class') ?? ''} ${c}`.trim());
  if (node.nodeName === 'SPAN' && node.getAttribute('data-eeimg') === '2') add('ztext-math-display');
  else if (node.nodeName === 'A' && type === 'link-card') add('link-card');
  else if (node.nodeName === 'FIGURE' && type === 'video') add('video-card');
  else if (node.nodeName === 'SUP' && type === 'reference') {
    add('footnote-ref');
    const n = (node.getAttribute('data-numero') ?? '').replace(/\D/g, '').slice(0, 4) || String(footnotes.length + 1);
    footnotes.push({ n, text: (node.getAttribute('data-text') ?? '').slice(0, 2_000), url: safeLinkUrl(node.getAttribute('data-url')) });
  }
}

/**
 * Trusted Types (Chromium, issue #7): the extension CSP says `require-trusted-types-for 'script'`,
 * so every HTML sink needs a TrustedHTML. Only this module holds HTML policies (worker-url.ts holds
 * the one for Worker scripts). They pass strings through unchanged, which is safe only because of
 * where they feed: DOMPurify's own parsing (its output is then sanitized) and DOMParser documents,
 * which are inert (no script, no loads).
 * One policy per name and window: Chromium refuses a second `createPolicy` of the same name.
 */
const PASS_THROUGH = ['zhihu-offline-purify', 'zhihu-offline-inert'] as const;
/** Every policy the extension creates: the CSP's `trusted-types` names exactly these. */
export const TT_POLICIES = [...PASS_THROUGH, WORKER_POLICY] as const;
type PolicyName = (typeof PASS_THROUGH)[number];
type PassThroughPolicy = TrustedTypePolicy;
const policies = new WeakMap<object, Map<PolicyName, PassThroughPolicy>>();

export function passThroughPolicy(win: Window & typeof globalThis, name: PolicyName): PassThroughPolicy | undefined {
  const factory = (win as Partial<TrustedTypesWindow>).trustedTypes;
  if (!factory) return undefined; // Firefox without Trusted Types, jsdom: strings are accepted everywhere.
  const perWindow = policies.get(win) ?? new Map<PolicyName, PassThroughPolicy>();
  policies.set(win, perWindow);
  let policy = perWindow.get(name);
  if (!policy) {
    policy = factory.createPolicy(name, {
      createHTML: (html: string) => html,
      createScriptURL: (url: string) => url,
      // Nothing of ours builds script text; refuse rather than pass it through.
      createScript: (): string => {
        throw new TypeError(`${name}: scripts are never created`);
      },
    });
    perWindow.set(name, policy);
  }
  return policy;
}

/** The document the Markdown export asks for (src/export/markdown.ts): a stored body, in standards mode. */
const BODY_DOCUMENT = /^<!doctype html><html><body>([\s\S]*)<\/body><\/html>$/i;

/**
 * Parses HTML into an inert Document (never rendered: scripts don't run, images don't load),
 * for exporters that read Zhihu's data-* attributes before converting. Under Trusted Types a raw
 * `new DOMParser().parseFromString(string)` throws, so pages use this instead. As for the reader (#7),
 * the browser's parser only sees what EXPORT_POLICY keeps (no handler, style or <base>, which CSP
 * reports even here): a stored body in serializer form is rewritten (canonical.ts) and parsed in the
 * same document shape; anything else is parsed by parse5 (prepass.ts) into the body of an empty
 * document, <head> content included (exporters read the body only).
 */
export function makeInertParser(win: Window & typeof globalThis): (html: string) => Document {
  const policy = passThroughPolicy(win, 'zhihu-offline-inert');
  const parser = new win.DOMParser();
  return (html) => {
    const body = BODY_DOCUMENT.exec(html)?.[1];
    const canonical = body === undefined ? null : rewriteCanonical(body, EXPORT_POLICY);
    if (canonical !== null) {
      const safe = `<!doctype html><html><body>${canonical}</body></html>`;
      // TrustedHTML is accepted wherever a string is; the DOM lib types only know strings.
      return parser.parseFromString((policy ? policy.createHTML(safe) : safe) as unknown as string, 'text/html');
    }
    const doc = win.document.implementation.createHTMLDocument('');
    doc.body.replaceChildren(makePrepass(doc, EXPORT_POLICY)(body ?? html));
    return doc;
  };
}

/**
 * A DOM can hold <a> inside <a> (DOMPurify keeps what foster parenting built), but the HTML parser
 * never does, so exports that serialise the fragment would re-parse into another tree (mXSS
 * shape, docs/threats.md §5 case 26). Inner links become their text, with DOM operations only — no re-parse.
 */
function unnestLinks(root: DocumentFragment): void {
  for (const inner of Array.from(root.querySelectorAll('a a'))) inner.replaceWith(...Array.from(inner.childNodes));
}

/**
 * What may reach the browser's parser or the pre-pass's DOM: the allowlist, URLs only where and as
 * the hooks accept them (DOMPurify trims the value first), and the data-* markStructure reads.
 * No on*, no style, no <base>: nothing the CSP would report.
 */
export const READER_POLICY: PrepassPolicy = {
  tags: new Set(ALLOWED_TAGS),
  attribute(tag, name, value) {
    if (name === 'src') return tag === 'img' && safeImageUrl(value.trim()) !== null;
    if (name === 'href') return tag === 'a' && safeLinkUrl(value.trim()) !== null;
    return ALLOWED_ATTR.includes(name) || STRUCTURE_ATTR.includes(name);
  },
};

export function makeSanitizer(win: Window & typeof globalThis): Sanitize {
  const sanitize = makeContentSanitizer(win);
  return (dirty) => sanitize(dirty).fragment;
}

/** The reader's sanitizer: the fragment plus the footnotes found on the way. */
export function makeContentSanitizer(win: Window & typeof globalThis): (dirty: string) => SanitizedContent {
  const purify = makePurifier(win);
  const prepass = makePrepass(win.document.implementation.createHTMLDocument(''), READER_POLICY);
  // Canonical markup, rewritten to allowlisted markup, DOMPurify may parse itself; anything else
  // parse5 parses, and DOMPurify imports the resulting DOM into its own inert document.
  return (dirty) => purify(rewriteCanonical(dirty, READER_POLICY) ?? prepass(dirty));
}

/**
 * DOMPurify with our config and hooks. Handed a string, it has the browser parse it (and CSP report
 * what it forbids), so pages only hand it rewritten canonical markup or the pre-pass's DOM; other
 * strings are for the test that compares the ways.
 */
export function makePurifier(win: Window & typeof globalThis): (dirty: string | DocumentFragment) => SanitizedContent {
  const purify = createDOMPurify(win);
  if (!purify.isSupported) throw new Error('sanitizer unavailable');
  let footnotes: Footnote[] = [];
  purify.addHook('beforeSanitizeAttributes', (node) => {
    if (node.nodeType === 1) markStructure(node as Element, footnotes);
  });
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    // URLs only where the hooks below check them: src on <img>, href on <a> (#7).
    if ((data.attrName === 'src' && node.nodeName !== 'IMG') || (data.attrName === 'href' && node.nodeName !== 'A')) data.keepAttr = false;
    if (data.attrName === 'class') {
      data.attrValue = data.attrValue.split(/\s+/).filter((c) => CLASS_ALLOW.test(c)).join(' ');
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = safeLinkUrl(node.getAttribute('href'));
      if (!href) node.removeAttribute('href');
      else {
        node.setAttribute('href', href);
        node.setAttribute('rel', 'noopener noreferrer nofollow');
        node.setAttribute('target', '_blank');
      }
    }
    if (node.nodeName === 'IMG') {
      // Stored images are swapped in as blob: URLs after sanitizing; here only zhimg URLs survive.
      const src = safeImageUrl(node.getAttribute('src'));
      if (!src) node.removeAttribute('src');
      else node.setAttribute('src', src);
      node.setAttribute('referrerpolicy', 'no-referrer');
      node.setAttribute('decoding', 'async');
    }
  });
  const config = {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    SAFE_FOR_XML: true,
    SAFE_FOR_TEMPLATES: false,
    SANITIZE_DOM: true,
    SANITIZE_NAMED_PROPS: true,
    KEEP_CONTENT: true,
    FORCE_BODY: true,
    WHOLE_DOCUMENT: false,
    IN_PLACE: false,
    RETURN_DOM_FRAGMENT: true,
    // Our policy rather than DOMPurify's own `dompurify` one, which a second instance in the
    // same page (reader + revisions) could not create again.
    TRUSTED_TYPES_POLICY: passThroughPolicy(win, 'zhihu-offline-purify'),
  } as const;
  // sanitize() is not re-entrant, so one footnote list per call is safe.
  return (dirty) => {
    footnotes = [];
    const fragment = purify.sanitize(dirty, config);
    unnestLinks(fragment);
    return { fragment, footnotes };
  };
}
