/**
 * The fast path in front of the pre-pass (#7). Stored HTML is nearly always what a serializer wrote
 * (Chromium's at capture, DOMPurify's at import): canonical markup, where every tag is `<name>` or
 * `<name a="v">`, no `<` in text could open a tag, and there are no comments. The HTML tokenizer reads such
 * a string exactly as the strict grammar below does, so it can be rewritten with only the allowlisted
 * tags and attributes kept, and the browser's parser, fed the rewrite, sees nothing the allowlist
 * forbids. A regex pass instead of parse5 matters: run cold, once per reader page, parse5 takes tens of
 * milliseconds on a long answer. Anything outside the grammar returns null and goes to the pre-pass.
 */
import { FormattingCount } from './formatting-cap';
import type { PrepassPolicy } from './prepass';

/**
 * The tokens: text, up to the next `<` that opens a tag (found with indexOf: text is most of a body,
 * and indexOf scans it several times faster than a regex), then there an end tag, or a start tag with
 * double-quoted attributes (the forms a serializer writes), or attributes with no value.
 */
const TAG = /<\/([a-z][a-z0-9]*)>|<([a-z][a-z0-9]*)((?: [a-z][a-z0-9_.:-]*(?:="[^"]*")?)*)>/y;
/**
 * The attribute part of TAG again, sticky, so its matches line up with the tokenizer's attributes. A
 * name with no value (`data-caption`, as RSSHub writes it) is the empty value to the tokenizer.
 */
const ATTR = / ([a-z][a-z0-9_.:-]*)(?:="([^"]*)")?/gy;
/** The references serializers write in attribute values; a value with any other `&` is left to parse5. */
const REFS: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&#39;': "'" };
const REF = /&[#\w]*;?/g;
/**
 * Whether the `<` at `i` opens something in the tokenizer's data state: a tag (an ASCII letter next), an
 * end tag (`/`), a comment or doctype (`!`) or a bogus comment (`?`). Any other `<` is text to it, as in
 * RSSHub's `<<` in code, which serializers would have escaped; the grammar takes it as text too.
 */
function opensTag(s: string, i: number): boolean {
  const c = s.charCodeAt(i + 1); // NaN past the end: a last `<` is text
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x21 || c === 0x2f || c === 0x3f;
}

/**
 * Start tags after which the tokenizer reads text, not tags (RCDATA, RAWTEXT, script data, PLAINTEXT):
 * after `<textarea>`, `<a title="</textarea><img onerror=…>">` is one tag to the grammar but an <img> to
 * the browser. Refused whatever the policy allows, so a wider policy (policies.ts) cannot open that gap.
 */
const RAW_TEXT = new Set(['title', 'textarea', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'script', 'plaintext']);

/** Elements without an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen', 'basefont', 'bgsound', 'frame']);
/** About the pre-pass's MAX_DEPTH (Chromium's): what it and the sanitizer write stays canonical. */
const MAX_CANONICAL_DEPTH = 512;

/** An attribute value as the tokenizer reads it, or null if it holds what only parse5 should decode. */
function decode(value: string): string | null {
  if (value.includes('\0')) return null;
  if (!value.includes('&')) return value; // most values (ids, classes, URLs without a query): no replace, no closure
  let known = true;
  const out = value.replace(REF, (r) => REFS[r] ?? ((known = false), r));
  return known ? out : null;
}

/** `dirty` rewritten to allowlisted markup only, or null when it is not canonical. */
export function rewriteCanonical(dirty: string, policy: PrepassPolicy): string | null {
  return scan(dirty, policy, true);
}

/**
 * Whether `dirty` is canonical and `policy` keeps every tag and attribute in it, i.e. whether
 * rewriteCanonical would return it unchanged, without building the rewrite: the import cleaner asks
 * this of every body a Hexo export writes (#6), and the copy and the comparison were half its cost.
 */
export function keepsCanonical(dirty: string, policy: PrepassPolicy): boolean {
  return scan(dirty, policy, false) !== null;
}

/** The rewrite when `build`; otherwise '' when nothing would be left out, or null at the first thing that would be. */
function scan(dirty: string, policy: PrepassPolicy, build: boolean): string | null {
  let out = '';
  let at = 0;
  // More open formatting elements than the bound, or deeper nesting than Chromium's parser builds, is
  // not canonical: the pre-pass drops the excess formatting (formatting-cap.ts) and flattens the depth.
  const formatting = new FormattingCount();
  let depth = 0;
  while (at < dirty.length) {
    if (dirty.charCodeAt(at) !== 0x3c /* < */ || !opensTag(dirty, at)) {
      let end = dirty.indexOf('<', at + 1);
      while (end !== -1 && !opensTag(dirty, end)) end = dirty.indexOf('<', end + 1);
      if (end === -1) end = dirty.length;
      if (build) out += dirty.slice(at, end);
      at = end;
      continue;
    }
    TAG.lastIndex = at;
    const m = TAG.exec(dirty);
    if (!m) return null;
    at = TAG.lastIndex;
    const [token, end, tag, attrs] = m;
    if (end !== undefined) {
      if (!policy.tags.has(end) || !formatting.end(end)) return null;
      if (depth > 0 && !VOID.has(end)) depth--;
      if (build) out += token;
    } else if (tag !== undefined && policy.tags.has(tag) && !RAW_TEXT.has(tag) && formatting.start(tag)) {
      // Counted as if every element were closed by its own end tag, as serializers write them.
      if (!VOID.has(tag) && ++depth > MAX_CANONICAL_DEPTH) return null;
      if (build) out += `<${tag}`;
      // exec on ATTR itself, not matchAll (which copies the regex for every tag); a Set only from the second attribute on.
      let first: string | undefined;
      let seen: Set<string> | undefined;
      ATTR.lastIndex = 0;
      for (let a = attrs ? ATTR.exec(attrs) : null; a; a = ATTR.exec(attrs!)) {
        const [whole, name = '', raw = ''] = a;
        // The tokenizer keeps the first of two same-named attributes; rather than mirror that, bail out.
        if (first === undefined) first = name;
        else {
          seen ??= new Set([first]);
          if (seen.has(name)) return null;
          seen.add(name);
        }
        const value = decode(raw);
        if (value === null) return null;
        if (policy.attribute(tag, name, value)) {
          if (build) out += whole;
        } else if (!build) return null;
      }
      if (build) out += '>';
    } else return null;
  }
  return out;
}
