/** Small readers for the microdata and data-zop attributes Zhihu puts on each item. */
import type { AuthorInfo } from './types';
import { parseHttps } from './clean/urls';

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
  const raw = root.getAttribute('data-zop');
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Zop) : {};
  } catch {
    return {};
  }
}

export function domAuthor(root: Element): AuthorInfo {
  const block = root.querySelector('.AuthorInfo[itemprop="author"]') ?? root.querySelector('[itemprop="author"]');
  const meta = (p: string): string => block?.querySelector(`meta[itemprop="${p}"]`)?.getAttribute('content') ?? '';
  const name = meta('name') || block?.querySelector('.AuthorInfo-name')?.textContent?.trim() || '';
  return {
    name: name || '匿名用户',
    url: parseHttps(meta('url'))?.href ?? '',
    avatar: parseHttps(meta('image'))?.href ?? '',
    headline: block?.querySelector('.AuthorInfo-badgeText')?.textContent?.trim() ?? '',
  };
}

export function textOf(el: Element | null | undefined): string {
  return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
