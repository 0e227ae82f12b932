/** URL rules for Zhihu content (docs/zhihu-format.md §4.1, §4.4). */

const ZHIMG_HOST = /^(pic[0-9a-z]?|static)\.zhimg\.com$/;

export function isZhimgUrl(raw: string): boolean {
  const u = parseHttps(raw);
  return u !== null && ZHIMG_HOST.test(u.hostname);
}

export function parseHttps(raw: string | null | undefined, base = 'https://www.zhihu.com/'): URL | null {
  if (!raw) return null;
  try {
    const u = new URL(raw.trim(), base);
    if (u.protocol === 'http:' && /(^|\.)(zhimg|zhihu)\.com$/.test(u.hostname)) u.protocol = 'https:';
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** `https://link.zhihu.com/?target=…` → the target; other URLs are made absolute. */
export function unwrapLink(raw: string | null): string | null {
  const u = parseHttps(raw);
  if (!u) return null;
  if (u.hostname === 'link.zhihu.com') {
    const target = parseHttps(u.searchParams.get('target'));
    return target ? target.href : null;
  }
  return u.href;
}

/** The display-size URL the seed uses: RSSHub's `_r`/`_b` → `_1440w` rewrite (§6.1). */
export function displayUrlFromOriginal(original: string): string {
  return original.replace(/_(r|b)\.(jpg|jpeg|png|webp)/, '_1440w.$2');
}

export function isPlaceholderSrc(src: string | null): boolean {
  return !src || src.startsWith('data:') || src.startsWith('blob:');
}
