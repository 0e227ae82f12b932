/** Small readers for the microdata and data-zop attributes Zhihu puts on each item. */
import type { AuthorInfo } from './types';
import { parseHttps } from './clean/urls';
import { ANONYMOUS } from './entity-meta';

/** A direct `meta[itemprop]` of the item: nested ones belong to the author block. */
export function ownMeta(root: Element, prop: string): string {
  for (const m of Array.from(root.children)) {
    if (m.tagName === 'META' && m.getAttribute('itemprop') === prop) return m.getAttribute('content') ?? '';
  }
  return '';
}

export function metaTime(root: Element, prop: string): number | null {
  const v = ownMeta(root, prop);
  const t = v ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
}

export function metaNumber(root: Element, prop: string): number | null {
  const v = ownMeta(root, prop);
  return v !== '' && /^\d+$/.test(v) ? Number(v) : null;
}

export interface Zop {
  authorName?: string;
  itemId?: string | number;
  title?: string;
  type?: string;
}

export function readZop(root: Element): Zop {
  const v = parseAttr(root, 'data-zop');
  return v && typeof v === 'object' ? (v as Zop) : {};
}

/** Counts in `data-za-extra-module` (`card.content.upvote_num`…), used when microdata is missing (list cards). */
export function readZaExtra(root: Element): { upvotes: number | null; comments: number | null; publishedAt: number | null; parent: string } {
  const content = (parseAttr(root, 'data-za-extra-module') as { card?: { content?: Record<string, unknown> } } | null)?.card?.content ?? {};
  const n = (k: string): number | null => (typeof content[k] === 'number' ? (content[k] as number) : null);
  return { upvotes: n('upvote_num'), comments: n('comment_num'), publishedAt: n('publish_timestamp'), parent: String(content.parent_token ?? '') };
}

function parseAttr(root: Element, name: string): unknown {
  const raw = root.getAttribute(name);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function domAuthor(root: Element, zopName = ''): AuthorInfo {
  const block = root.querySelector('.AuthorInfo[itemprop="author"]') ?? root.querySelector('[itemprop="author"]');
  const meta = (p: string): string => block?.querySelector(`meta[itemprop="${p}"]`)?.getAttribute('content') ?? '';
  const name = meta('name') || textOf(block?.querySelector('.AuthorInfo-name')) || zopName;
  const url = parseHttps(meta('url'))?.href ?? '';
  return {
    name: name || ANONYMOUS,
    // The anonymous author's profile URL is just /people/ (empty url_token).
    url: /\/people\/[^/]+/.test(url) ? url : '',
    avatar: parseHttps(meta('image'))?.href ?? '',
    headline: textOf(block?.querySelector('.AuthorInfo-badgeText')),
  };
}

export function textOf(el: Element | null | undefined): string {
  return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
