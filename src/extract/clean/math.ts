/**
 * Formulas to one TeX-carrying form: `<span class="ztext-math" data-eeimg="1|2" data-tex="…">TeX</span>`,
 * 1 = inline, 2 = display (docs/zhihu-format.md §4.2). MathJax output is dropped: the TeX is the source.
 */
export function normalizeMath(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('span.ztext-math[data-tex], img[eeimg]'))) {
    const tex = el.tagName === 'IMG' ? texOfImage(el) : (el.getAttribute('data-tex') ?? '');
    if (!tex.trim()) continue;
    const display = isDisplay(el, tex);
    const span = el.ownerDocument.createElement('span');
    span.className = 'ztext-math';
    span.setAttribute('data-eeimg', display ? '2' : '1');
    span.setAttribute('data-tex', tex);
    span.textContent = tex;
    el.replaceWith(span);
  }
}

function texOfImage(img: Element): string {
  const alt = img.getAttribute('alt');
  if (alt) return alt;
  try {
    return new URL(img.getAttribute('src') ?? '', 'https://www.zhihu.com/').searchParams.get('tex') ?? '';
  } catch {
    return '';
  }
}

function isDisplay(el: Element, tex: string): boolean {
  if (el.getAttribute('eeimg') === '2' || el.getAttribute('data-eeimg') === '2') return true;
  // Zhihu marks block formulas only by a trailing `\\` in the TeX; `\[…\]` is display math in TeX itself.
  return /\\\\\s*$/.test(tex) || /^\s*\\\[[\s\S]*\\\]\s*$/.test(tex);
}
