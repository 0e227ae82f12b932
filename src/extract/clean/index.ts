/** Turns a Zhihu body (DOM or API form) into clean HTML in the seed's conventions. */
import { normalizeImages, resolveNoscriptImages } from './images';
import { normalizeLinks } from './links';
import { normalizeMath } from './math';
import { blockify, removeComments } from './blocks';
import { normalizeFootnotes } from './footnotes';
import { capNesting } from './nesting';
import { cleanAttributes, normalizeCode, removeJunk, unwrapBareWrappers } from './structure';

export interface CleanResult {
  html: string;
  images: string[];
  text: string;
}

/** Cleans `container` in place. The container must belong to an inert document. */
export function cleanContainer(container: HTMLElement): CleanResult {
  removeComments(container);
  normalizeMath(container);
  resolveNoscriptImages(container);
  removeJunk(container);
  normalizeCode(container);
  normalizeLinks(container);
  normalizeFootnotes(container);
  normalizeImages(container);
  cleanAttributes(container);
  unwrapBareWrappers(container);
  blockify(container);
  capNesting(container);
  const images = [...new Set(Array.from(container.querySelectorAll('img')).map((i) => i.getAttribute('src') ?? '').filter(Boolean))];
  return { html: container.innerHTML.trim(), images, text: (container.textContent ?? '').replace(/\s+/g, ' ').trim() };
}
