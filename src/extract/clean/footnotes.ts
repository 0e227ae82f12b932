/**
 * Footnotes (docs/zhihu-format.md §4.6). The API form has only the `sup` markers; the DOM adds a generated
 * "参考" list. Both become one canonical form, rebuilt from the markers' data, so every source of an
 * item yields the same text and the list is never lost.
 */
import { unwrapLink } from './urls';

interface Note {
  text: string;
  url: string | null;
}

export function normalizeFootnotes(root: HTMLElement): void {
  removeGeneratedList(root);
  const notes = new Map<string, Note>();
  for (const sup of Array.from(root.querySelectorAll('sup[data-draft-type="reference"]'))) {
    const n = sup.getAttribute('data-numero') ?? '';
    if (n) sup.replaceChildren(sup.ownerDocument.createTextNode(`[${n}]`));
    if (n && !notes.has(n)) notes.set(n, { text: (sup.getAttribute('data-text') ?? '').trim(), url: unwrapLink(sup.getAttribute('data-url')) });
  }
  if (notes.size > 0) root.append(...referenceList(root.ownerDocument, notes));
}

function removeGeneratedList(root: HTMLElement): void {
  for (const list of Array.from(root.querySelectorAll('ol.ReferenceList'))) {
    const heading = list.previousElementSibling;
    if (heading && /^H\d$/.test(heading.tagName) && heading.textContent?.trim() === '参考') heading.remove();
    list.remove();
  }
}

function referenceList(doc: Document, notes: Map<string, Note>): Element[] {
  const heading = doc.createElement('h2');
  heading.textContent = '参考';
  const ol = doc.createElement('ol');
  ol.className = 'ReferenceList';
  for (const [n, note] of [...notes].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const li = doc.createElement('li');
    li.setAttribute('data-numero', n);
    if (note.text && note.text !== note.url) li.append(note.text);
    if (note.url) {
      const a = doc.createElement('a');
      a.setAttribute('href', note.url);
      a.textContent = note.url;
      li.append(li.childNodes.length ? ' ' : '', a);
    }
    ol.append(li);
  }
  return [heading, ol];
}
