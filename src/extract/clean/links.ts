/** Links, link cards, entity words and video cards (zhihu-format.md §4.4, §4.5, §4.7). */
import { parseHttps, unwrapLink } from './urls';

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

/** Zhida "entity words" are client-side decoration: keep the word, drop the link (even inside code). */
function unwrapEntityWords(root: HTMLElement): void {
  for (const a of Array.from(root.querySelectorAll('a.RichContent-EntityWord, a[href*="zhida.zhihu.com"]'))) {
    a.replaceWith(a.ownerDocument.createTextNode(a.textContent ?? ''));
  }
}

/** A video card becomes its poster image plus a link, which stay readable offline. */
function replaceVideoBox(a: Element): void {
  const doc = a.ownerDocument;
  const href = unwrapLink(a.getAttribute('href'));
  const poster = parseHttps(a.getAttribute('data-poster') ?? a.querySelector('img')?.getAttribute('src'))?.href;
  const title = a.querySelector('.title')?.textContent?.trim() || a.getAttribute('data-name') || href || '';
  const figure = doc.createElement('figure');
  figure.setAttribute('data-draft-type', 'video');
  if (poster) {
    const img = doc.createElement('img');
    img.setAttribute('src', poster);
    figure.append(img);
  }
  const caption = doc.createElement('figcaption');
  if (href) {
    const link = doc.createElement('a');
    link.setAttribute('href', href);
    link.textContent = title;
    caption.append(link);
  } else caption.textContent = title;
  figure.append(caption);
  a.replaceWith(figure);
}
