/**
 * Plain text of stored HTML for search, without a DOM (the service worker has none).
 * Good enough for `includes` matching: tags go, common entities are decoded.
 *
 * Every pass is linear in the input (issue 19 item 6): the stored HTML is untrusted, and the regex
 * this replaces (`/<(script|style)[\s\S]*?<\/\1>/gi`) rescanned the rest of the string from every
 * `<script` without a closing tag: quadratic, 18 s in the worker for 560 KB, and again at every
 * worker start while the job stayed in the outbox. The output is the old one, character for character.
 */
import { gramSignature, SIGNATURE_VERSION } from '../search/signature';
import type { PostKey, SigRow, TextRow } from './types';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
/** `<script` or `<style`, in any case, as the old pattern's opening (no name boundary). */
const RAW_OPEN = /<(script|style)/gi;
/** The closing tags, as typed in any case. */
const RAW_CLOSE: Record<string, RegExp> = { script: /<\/script>/gi, style: /<\/style>/gi };
/** Entity references: a fixed prefix, then one run of one class, so each `&` costs only its own run. */
const ENTITY = /&(#x[0-9a-f]+|#\d+|\w+);/gi;

export function htmlToPlainText(html: string): string {
  return stripTags(stripRawText(html))
    .replace(ENTITY, (m, e: string) => decodeEntity(e) ?? m)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `<script…</script>` and `<style…</style>` (the closing tag as typed, any case) become a space. A
 * closing tag searched for once and not found is not searched for again: no later one can match either.
 */
function stripRawText(html: string): string {
  const noClose = new Set<string>();
  let out = '';
  let at = 0;
  RAW_OPEN.lastIndex = 0;
  for (let m = RAW_OPEN.exec(html); m; m = RAW_OPEN.exec(html)) {
    const name = (m[1] ?? '').toLowerCase();
    if (noClose.has(name)) continue;
    const close = RAW_CLOSE[name];
    if (!close) continue;
    close.lastIndex = RAW_OPEN.lastIndex;
    const end = close.exec(html);
    if (!end) {
      noClose.add(name);
      if (noClose.size === 2) break;
      continue;
    }
    out += `${html.slice(at, m.index)} `;
    at = close.lastIndex;
    RAW_OPEN.lastIndex = at;
  }
  return out + html.slice(at);
}

/** Every `<…>` becomes a space; past the last `>`, a `<` is text (the old `/<[^>]*>/g`, one scan). */
function stripTags(html: string): string {
  let out = '';
  let at = 0;
  for (let lt = html.indexOf('<'); lt !== -1; lt = html.indexOf('<', at)) {
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) break;
    out += `${html.slice(at, lt)} `;
    at = gt + 1;
  }
  return out + html.slice(at);
}

function decodeEntity(e: string): string | undefined {
  const lower = e.toLowerCase();
  if (lower.startsWith('#x')) return safeFromCodePoint(parseInt(lower.slice(2), 16));
  if (lower.startsWith('#')) return ENTITIES[lower] ?? safeFromCodePoint(parseInt(lower.slice(1), 10));
  return ENTITIES[lower];
}

function safeFromCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

/** What search looks at: title, author and body, lower-cased once at write time. */
export function searchText(title: string, author: string, html: string): string {
  return `${title}\n${author}\n${htmlToPlainText(html)}`.toLowerCase();
}

/** The `texts` and `sigs` rows of a post: its search text and that text's gram signature, made once per save. */
export function searchRows(key: PostKey, title: string, author: string, html: string): { text: TextRow; sig: SigRow } {
  const text = searchText(title, author, html);
  return { text: { key, text }, sig: sigRow(key, text) };
}

export function sigRow(key: PostKey, text: string): SigRow {
  return { key, v: SIGNATURE_VERSION, sig: gramSignature(text) };
}
