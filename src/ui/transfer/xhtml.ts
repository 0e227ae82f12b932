/**
 * Sanitized post bodies as markup for files (EPUB chapters, single-file HTML). The one
 * sanitizer makes the DOM; XMLSerializer turns it into XHTML that is also valid HTML, so no
 * HTML sink is needed (lint forbids innerHTML outside src/ui/sanitize). `local` decides each
 * image's path inside the export; an image it has no file for is dropped, because EPUB
 * forbids remote images and the HTML export's CSP would block them anyway.
 */
import { makeSanitizer } from '../sanitize/sanitizer';

export type Xhtml = (html: string, local: (url: string) => string | null) => string;

export function makeXhtml(win: Window & typeof globalThis): Xhtml {
  const sanitize = makeSanitizer(win);
  const serializer = new win.XMLSerializer();
  return (html, local) => {
    const fragment = sanitize(html);
    for (const img of Array.from(fragment.querySelectorAll('img'))) {
      const path = local(img.getAttribute('src') ?? '');
      if (!path) {
        img.remove();
        continue;
      }
      img.setAttribute('src', path);
      // Reader-only hints; older EPUB schemas do not know them.
      img.removeAttribute('decoding');
      img.removeAttribute('referrerpolicy');
      if (!img.hasAttribute('alt')) img.setAttribute('alt', '');
    }
    for (const a of Array.from(fragment.querySelectorAll('a[target]'))) a.removeAttribute('target');
    fixLists(fragment);
    return Array.from(fragment.childNodes, (n) => serializer.serializeToString(n)).join('');
  };
}

/**
 * Zhihu nests `<ul>` straight inside `<ul>`; browsers render it, but XHTML (epubcheck RSC-005)
 * allows only `<li>` there. A stray child joins the `<li>` before it, or gets its own.
 */
function fixLists(root: DocumentFragment): void {
  for (const list of Array.from(root.querySelectorAll('ul, ol'))) {
    for (const child of Array.from(list.children)) {
      if (child.nodeName === 'LI') continue;
      const prev = child.previousElementSibling;
      if (prev?.nodeName === 'LI') prev.append(child);
      else {
        const li = child.ownerDocument.createElement('li');
        child.replaceWith(li);
        li.append(child);
      }
    }
  }
}
