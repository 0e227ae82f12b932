/**
 * Pre-pass and fast-path policies (prepass.ts, canonical.ts) for the 导出与导入 page, where untrusted
 * strings are parsed but not rendered: the import cleaner, whose DOMPurify (html profile) decides
 * afterwards what is kept, and the exports' parser, whose tree turndown reads. Both need the tree the
 * browser would have built, so these policies keep every element and attribute except what the browser
 * acts on while it parses, even into an inert document under the extension's CSP (#7): handlers
 * (script-src-attr), style= and <style> (style-src-*), <base> (base-uri), and the other elements of
 * <head>. Chromium reports those at parse time; everything else stays inert where it is built, but
 * for the attributes Trusted Types guards.
 */
import type { PrepassPolicy } from './prepass';

const NEVER = new Set([
  // Reported, loaded or acted on while parsing.
  'script', 'style', 'link', 'meta', 'base',
  // The rest of what a parse puts into <head>: DOMPurify's own parse (no FORCE_BODY) would move a
  // leading one there, out of the body it sanitizes and out of its `removed` list.
  'basefont', 'bgsound', 'title', 'noscript', 'noframes', 'template',
  // The document's structure, and foreign content (DOMPurify and the exports drop both).
  'html', 'head', 'body', 'frameset', 'frame', 'svg', 'math',
]);
/** Names createElement/setAttribute accept everywhere (XML Name, ASCII only); others are left out. */
const TAG = /^[a-z][a-z0-9-]*$/;
const ATTRIBUTE = /^[a-z][a-z0-9_.:-]*$/;

/**
 * Trusted Types sinks (Chromium): setAttribute of these throws without a TrustedScriptURL or
 * TrustedHTML, even in an inert document. Nothing here needs them.
 */
const SINKS = new Set(['embed src', 'object data', 'object codebase', 'iframe srcdoc']);

const tags = { has: (tag: string): boolean => TAG.test(tag) && !NEVER.has(tag) };
const attribute = (tag: string, name: string): boolean =>
  ATTRIBUTE.test(name) && !name.startsWith('on') && name !== 'style' && !SINKS.has(`${tag} ${name}`);

/**
 * The import cleaner's: DOMPurify follows, so what it would remove on its own (clobbered forms, the
 * markup probe) is removed here the same way, and reported.
 */
export const IMPORT_POLICY: PrepassPolicy = { tags, attribute };

/**
 * The exports' parser (makeInertParser): no DOMPurify follows, so nothing else is removed, and
 * benign content gives turndown the tree it always had.
 */
export const EXPORT_POLICY: PrepassPolicy = { tags, attribute, purifyFollows: false };
