/**
 * Stable file names for images inside exports (`images/<name>`): a hash of the URL that was
 * stored plus an extension from the blob type, so the same image gets the same name in every
 * export, and two size variants of one zhimg picture (`_r` vs `_720w`) never collide.
 */
import { fnv1a64 } from '../shared/hash';

const EXT_BY_TYPE: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
};

function extFromUrl(url: string): string | null {
  try {
    const m = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname);
    const ext = m?.[1]?.toLowerCase() ?? null;
    return ext === 'jpeg' ? 'jpg' : ext;
  } catch {
    return null;
  }
}

export function imageFileName(url: string, type: string): string {
  const ext = EXT_BY_TYPE[type.toLowerCase().split(';')[0]?.trim() ?? ''] ?? extFromUrl(url) ?? 'bin';
  return `${fnv1a64(url)}.${ext}`;
}

/** Rewrites image URLs inside HTML attribute values (src, data-original, data-actualsrc). */
export function rewriteImageAttributes(html: string, to: (url: string) => string | null): string {
  return html.replace(/(\s(?:src|data-original|data-actualsrc)=")([^"]*)(")/g, (all, pre: string, raw: string, post: string) => {
    const url = raw.replace(/&amp;/g, '&');
    const next = to(url);
    return next === null ? all : `${pre}${next.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}${post}`;
  });
}
