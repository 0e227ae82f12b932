/** Lazy images to plain `<img src>` in the seed's form (docs/zhihu-format.md §4.1). */
import { displayUrlFromOriginal, isPlaceholderSrc, isZhimgUrl, parseHttps } from './urls';

const DROP_IMG_ATTRS = ['width', 'height', 'data-actualsrc', 'data-lazy-status', 'srcset', 'sizes', 'loading', 'decoding', 'style', 'data-thumbnail'];

/** Folds each `<noscript><img></noscript>` into the lazy image next to it, or replaces it by its image. */
export function resolveNoscriptImages(root: HTMLElement): void {
  for (const ns of Array.from(root.querySelectorAll('noscript'))) {
    const fallback = noscriptImage(ns);
    const lazy = siblingLazyImage(ns);
    if (fallback && lazy) copyMissingAttributes(fallback, lazy);
    else if (fallback) ns.before(ns.ownerDocument.importNode(fallback, true));
    ns.remove();
  }
}

function noscriptImage(ns: Element): Element | null {
  const direct = ns.querySelector('img');
  if (direct) return direct;
  // In a document with scripting on, noscript content is raw text; parse it inertly.
  const text = ns.textContent ?? '';
  if (!text.includes('<img')) return null;
  const Parser = ns.ownerDocument.defaultView?.DOMParser ?? globalThis.DOMParser;
  return new Parser().parseFromString(text, 'text/html').querySelector('img');
}

function siblingLazyImage(ns: Element): Element | null {
  const scope = ns.closest('figure') ?? ns.parentElement;
  if (!scope) return null;
  for (const img of Array.from(scope.querySelectorAll('img'))) {
    if (img.closest('noscript')) continue;
    if (isPlaceholderSrc(img.getAttribute('src')) || img.hasAttribute('data-actualsrc')) return img;
  }
  return null;
}

function copyMissingAttributes(from: Element, to: Element): void {
  for (const { name, value } of Array.from(from.attributes)) {
    if (name === 'src') {
      if (isPlaceholderSrc(to.getAttribute('src')) && !to.hasAttribute('data-actualsrc')) to.setAttribute('data-actualsrc', value);
    } else if (!to.hasAttribute(name)) to.setAttribute(name, value);
  }
}

/** The best display URL of an image, never a placeholder and never the watermarked copy. */
export function chooseImageSrc(img: Element): string | null {
  const original = img.getAttribute('data-original');
  const actual = img.getAttribute('data-actualsrc');
  const src = img.getAttribute('src');
  const thumb = img.getAttribute('data-thumbnail');
  const gif = [actual, src].find((u) => u && /\.gif(\?|$)/.test(u));
  if (gif) return absolute(gif);
  if (img.classList.contains('ztext-gif') && thumb) return absolute(thumb.replace(/\.(jpg|jpeg|png|webp)(\?|$)/, '.gif$2'));
  if (original && isZhimgUrl(original)) return absolute(displayUrlFromOriginal(original));
  if (actual && !isPlaceholderSrc(actual)) return absolute(actual);
  if (src && !isPlaceholderSrc(src)) return absolute(src);
  if (thumb) return absolute(thumb);
  const watermark = img.getAttribute('data-default-watermark-src');
  return watermark ? absolute(watermark) : null;
}

function absolute(u: string): string | null {
  return parseHttps(u)?.href ?? null;
}

/** Rewrites every content image in place; images without a usable source are removed. */
export function normalizeImages(root: HTMLElement): void {
  for (const img of Array.from(root.querySelectorAll('img'))) {
    if (img.hasAttribute('data-tex')) continue;
    const chosen = chooseImageSrc(img);
    if (!chosen) {
      img.remove();
      continue;
    }
    img.setAttribute('src', chosen);
    const original = img.getAttribute('data-original');
    if (original) {
      const abs = absolute(original);
      if (abs) img.setAttribute('data-original', abs);
      else img.removeAttribute('data-original');
    }
    for (const a of DROP_IMG_ATTRS) img.removeAttribute(a);
    img.classList.remove('lazy', 'ztext-gif');
    // Last, as RSSHub's middleware leaves it (the seed's attribute order).
    img.removeAttribute('referrerpolicy');
    img.setAttribute('referrerpolicy', 'no-referrer');
  }
}
