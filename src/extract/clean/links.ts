/** Links, link cards, entity words and video cards (docs/zhihu-format.md §4.4, §4.5, §4.7). */
import { isZhimgUrl, parseHttps, unwrapLink } from './urls';
import { videoFigure } from './video';

export function normalizeLinks(root: HTMLElement): void {
  unwrapEntityWords(root);
  for (const a of Array.from(root.querySelectorAll('a.video-box'))) replaceVideoBox(a);
  for (const a of Array.from(root.querySelectorAll('a[href]'))) {
    if (a.closest('sup[data-draft-type="reference"]')) continue;
    const href = unwrapLink(a.getAttribute('href'));
    if (!href) {
      a.replaceWith(...Array.from(a.childNodes));
      continue;
    }
    const isCard = a.getAttribute('data-draft-type') === 'link-card';
    // Link-card titles live only in data-text; bare URLs are split into invisible spans.
    const text = (isCard ? a.getAttribute('data-text') : null) || a.textContent || href;
    const doc = a.ownerDocument;
    const clean = doc.createElement('a');
    clean.setAttribute('href', href);
    if (isCard) clean.setAttribute('data-draft-type', 'link-card');
    if (a.children.length === 0 || a.querySelector('span.invisible, span.visible, .LinkCard-contents')) clean.textContent = text.trim();
    else clean.append(...Array.from(a.childNodes));
    a.replaceWith(clean);
  }
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Zhida "entity words" are client-side decoration: keep the word, drop the link (even inside code). */
function unwrapEntityWords(root: HTMLElement): void {
  for (const a of Array.from(root.querySelectorAll('a.RichContent-EntityWord, a[href*="zhida.zhihu.com"]'))) {
    // Zhihu double-escapes some words it decorates ("&amp;amp; Rust" in question-24657141.html).
    const text = (a.textContent ?? '').replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITY[e] ?? _);
    a.replaceWith(a.ownerDocument.createTextNode(text));
  }
}

/** An old or external video card becomes its poster image plus a link, which stay readable offline. */
function replaceVideoBox(a: Element): void {
  const href = unwrapLink(a.getAttribute('href'));
  const poster = parseHttps(a.getAttribute('data-poster') ?? a.querySelector('img')?.getAttribute('src'))?.href ?? null;
  // Only zhimg posters: other hosts (Tencent's qpic) are not fetched for offline use and the reader drops them.
  const title = a.querySelector('.title')?.textContent?.trim() || a.getAttribute('data-name') || '';
  a.replaceWith(videoFigure(a.ownerDocument, { poster: poster && isZhimgUrl(poster) ? poster : null, href, title }));
}
