/** Sanitized content with stored image blobs swapped in. No network: missing images become a note. */
import type { Footnote, SanitizedContent } from '../sanitize/sanitizer';

export interface RenderedContent {
  fragment: DocumentFragment;
  urls: string[];
  footnotes: Footnote[];
}

export function renderContent(sanitize: (dirty: string) => SanitizedContent | DocumentFragment, html: string, blobs: Map<string, Blob>, missingText: string): RenderedContent {
  const out = sanitize(html);
  const { fragment, footnotes } = out instanceof DocumentFragment || !('fragment' in out) ? { fragment: out as DocumentFragment, footnotes: [] } : out;
  const urls: string[] = [];
  // The fragment still belongs to DOMPurify's inert document, so no image has started loading.
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const blob = blobs.get(img.getAttribute('src') ?? '');
    if (blob) {
      const url = URL.createObjectURL(blob);
      urls.push(url);
      img.setAttribute('src', url);
    } else {
      const note = img.ownerDocument.createElement('span');
      note.className = 'img-missing';
      note.textContent = missingText;
      img.replaceWith(note);
    }
  }
  return { fragment, urls, footnotes };
}
