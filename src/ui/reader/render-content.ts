/** Sanitized content with stored image blobs swapped in. No network: missing images become a note. */
import type { Sanitize } from '../sanitize/sanitizer';

export function renderContent(sanitize: Sanitize, html: string, blobs: Map<string, Blob>, missingText: string): { fragment: DocumentFragment; urls: string[] } {
  const fragment = sanitize(html);
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
  return { fragment, urls };
}
