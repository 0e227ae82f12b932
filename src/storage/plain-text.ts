/**
 * Plain text of stored HTML for search, without a DOM (the service worker has none).
 * Good enough for `includes` matching: tags go, common entities are decoded.
 */
import { gramSignature } from '../search/signature';
import type { PostKey, TextRow } from './types';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToPlainText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => decodeEntity(e) ?? m)
    .replace(/\s+/g, ' ')
    .trim();
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

/** The `texts` row of a post: its search text and that text's gram signature, made once per save. */
export function searchRow(key: PostKey, title: string, author: string, html: string): TextRow {
  const text = searchText(title, author, html);
  return { key, text, sig: gramSignature(text) };
}
