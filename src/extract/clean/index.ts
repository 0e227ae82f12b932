/** Turns a Zhihu body (DOM or API form) into clean HTML in the seed's conventions. */
import { normalizeImages, resolveNoscriptImages } from './images';
import { normalizeLinks } from './links';
import { normalizeMath } from './math';
import { cleanAttributes, normalizeCode, normalizeFootnotes, removeJunk, unwrapBareWrappers } from './structure';

export interface CleanResult {
  html: string;
  images: string[];
  text: string;
}

/** Cleans `container` in place. The container must belong to an inert document. */
export function cleanContainer(container: HTMLElement): CleanResult {
  normalizeMath(container);
  resolveNoscriptImages(container);
  removeJunk(container);
  normalizeCode(container);
  normalizeLinks(container);
  normalizeFootnotes(container);
  normalizeImages(container);
  cleanAttributes(container);
  unwrapBareWrappers(container);
  const images = [...new Set(Array.from(container.querySelectorAll('img')).map((i) => i.getAttribute('src') ?? '').filter(Boolean))];
  return { html: container.innerHTML.trim(), images, text: (container.textContent ?? '').replace(/\s+/g, ' ').trim() };
}
