/**
 * After sanitizing: the reader's own structure around Zhihu's content — code block labels,
 * link-card hosts, numbered footnotes with a list at the end, and click-to-zoom images.
 * Everything is built with text nodes and validated URLs (footnote URLs checked by the sanitizer).
 */
import { t } from '../../shared/i18n';
import type { Footnote } from '../sanitize/sanitizer';
import { h } from '../shared/dom';

export function enhance(root: HTMLElement, footnotes: Footnote[]): void {
  labelCode(root);
  cardHosts(root);
  linkFootnotes(root, footnotes);
  zoomImages(root);
}

function labelCode(root: HTMLElement): void {
  for (const code of Array.from(root.querySelectorAll('pre > code[class*="language-"]'))) {
    const lang = /language-([\w+#-]+)/.exec(code.className)?.[1];
    if (lang && lang !== 'text') code.parentElement?.setAttribute('data-lang', lang);
  }
}

function cardHosts(root: HTMLElement): void {
  for (const a of Array.from(root.querySelectorAll<HTMLAnchorElement>('a.link-card[href]'))) {
    const title = a.textContent?.trim() || a.href;
    a.replaceChildren(h('span', { class: 'link-card-title' }, title), h('span', { class: 'link-card-host' }, new URL(a.href).hostname));
  }
}

function linkFootnotes(root: HTMLElement, notes: Footnote[]): void {
  if (!notes.length) return;
  const refs = Array.from(root.querySelectorAll('sup.footnote-ref'));
  refs.forEach((sup, i) => {
    const n = notes[i]?.n ?? String(i + 1);
    sup.replaceChildren(h('a', { href: `#fn-${n}`, id: `fnref-${n}-${i}`, class: 'footnote-link', 'aria-label': t('footnoteAria', n) }, `[${n}]`));
  });
  // Zhihu repeats a reference each time it is cited; the list shows each number once.
  const seen = new Set<string>();
  const items = notes.filter((f) => !seen.has(f.n) && seen.add(f.n)).map((f) =>
    h('li', { id: `fn-${f.n}`, value: f.n }, f.text, ' ', f.url ? h('a', { href: f.url, target: '_blank', rel: 'noopener noreferrer nofollow' }, f.url) : null),
  );
  root.append(h('section', { class: 'footnotes', 'aria-label': t('footnotes') }, h('h2', {}, t('footnotes')), h('ol', {}, ...items)));
}

function zoomImages(root: HTMLElement): void {
  for (const img of Array.from(root.querySelectorAll('img'))) {
    img.setAttribute('tabindex', '0');
    img.setAttribute('role', 'button');
    img.setAttribute('aria-label', t('zoomImage'));
    const open = (): void => zoom(img);
    img.addEventListener('click', open);
    img.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
  }
}

function zoom(img: HTMLImageElement): void {
  const big = h('img', { src: img.src, alt: img.alt });
  const dialog = h('dialog', { class: 'zoom', 'aria-label': t('zoomImage') }, big);
  // Any click or Esc closes: the zoom view has nothing else to do.
  dialog.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    img.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}
