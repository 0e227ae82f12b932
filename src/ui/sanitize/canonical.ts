/**
 * The fast path in front of the pre-pass (#7). Stored HTML is nearly always what a serializer wrote
 * (Chromium's at capture, DOMPurify's at import): canonical markup, where every tag is `<name>` or
 * `<name a="v">`, every `<` in text is escaped, and there are no comments. The HTML tokenizer reads such
 * a string exactly as the strict grammar below does, so it can be rewritten with only the allowlisted
 * tags and attributes kept, and the browser's parser, fed the rewrite, sees nothing the allowlist
 * forbids. A regex pass instead of parse5 matters: run cold, once per reader page, parse5 takes tens of
 * milliseconds on a long answer. Anything outside the grammar returns null and goes to the pre-pass.
 */
import type { PrepassPolicy } from './prepass';

/** Text, an end tag, or a start tag with double-quoted attributes (the only forms a serializer writes). */
const TOKEN = /([^<]+)|<\/([a-z][a-z0-9]*)>|<([a-z][a-z0-9]*)((?: [a-z][a-z0-9_.:-]*="[^"]*")*)>/y;
/** The attribute part of TOKEN again, sticky, so its matches line up with the tokenizer's attributes. */
const ATTR = / ([a-z][a-z0-9_.:-]*)="([^"]*)"/gy;
/** The references serializers write in attribute values; a value with any other `&` is left to parse5. */
const REFS: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&#39;': "'" };
const REF = /&[#\w]*;?/g;
/**
 * Start tags after which the tokenizer reads text, not tags (RCDATA, RAWTEXT, script data, PLAINTEXT):
 * after `<textarea>`, `<a title="</textarea><img onerror=…>">` is one tag to the grammar but an <img> to
 * the browser. Refused whatever the policy allows, so a wider policy (policies.ts) cannot open that gap.
 */
const RAW_TEXT = new Set(['title', 'textarea', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'script', 'plaintext']);

/** An attribute value as the tokenizer reads it, or null if it holds what only parse5 should decode. */
function decode(value: string): string | null {
  if (value.includes('\0')) return null;
  let known = true;
  const out = value.replace(REF, (r) => REFS[r] ?? ((known = false), r));
  return known ? out : null;
}

/** `dirty` rewritten to allowlisted markup only, or null when it is not canonical. */
export function rewriteCanonical(dirty: string, policy: PrepassPolicy): string | null {
  let out = '';
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < dirty.length) {
    const m = TOKEN.exec(dirty);
    if (!m) return null;
    const [token, text, end, tag, attrs] = m;
    if (text !== undefined) out += text;
    else if (end !== undefined) {
      if (!policy.tags.has(end)) return null;
      out += token;
    } else if (tag !== undefined && policy.tags.has(tag) && !RAW_TEXT.has(tag)) {
      out += `<${tag}`;
      const seen = new Set<string>();
      for (const [whole, name, raw] of (attrs ?? '').matchAll(ATTR)) {
        // The tokenizer keeps the first of two same-named attributes; rather than mirror that, bail out.
        if (seen.has(name!)) return null;
        seen.add(name!);
        const value = decode(raw!);
        if (value === null) return null;
        if (policy.attribute(tag, name!, value)) out += whole;
      }
      out += '>';
    } else return null;
  }
  return out;
}
