/** Building a CapturedItem from metadata plus a body, whichever source each came from. */
import { cleanContainer } from './clean';
import type { HtmlParser } from './clean/inert';
import type { CapturedItem, ContentSource } from './types';

/** Everything but the body. Empty strings, nulls and empty lists mean "this source does not tell". */
export type ItemMeta = Omit<CapturedItem, 'contentHtml' | 'images' | 'contentSource'>;

/** `primary`, with every gap filled from `fallback` (e.g. initialData first, then the page's microdata). */
export function fillGaps(primary: ItemMeta, fallback: Partial<ItemMeta>): ItemMeta {
  const out: Record<string, unknown> = { ...primary };
  for (const [k, v] of Object.entries(fallback)) {
    const cur = out[k];
    if (cur === null || cur === undefined || cur === '' || (Array.isArray(cur) && cur.length === 0)) out[k] = v;
  }
  const author = { ...primary.author };
  for (const k of ['name', 'url', 'avatar', 'headline'] as const) author[k] ||= fallback.author?.[k] ?? '';
  return { ...(out as ItemMeta), author };
}

const EXCERPT_CHARS = 120;

export function finishItem(meta: ItemMeta, body: HTMLElement, source: ContentSource): CapturedItem {
  const cleaned = cleanContainer(body);
  return {
    ...meta,
    // Derived, so merging sources can never leave the flag and the reason disagreeing.
    complete: meta.incompleteReason === null,
    excerpt: meta.excerpt || cleaned.text.slice(0, EXCERPT_CHARS),
    contentHtml: cleaned.html,
    images: cleaned.images,
    contentSource: source,
  };
}

/** Excerpts are plain text; Zhihu's may hold tags (article excerpts can start with an <img>). */
export function plainText(html: string, parse: HtmlParser): string {
  if (!html.includes('<') && !html.includes('&')) return html.trim();
  return (parse(html).textContent ?? '').replace(/\s+/g, ' ').trim();
}
