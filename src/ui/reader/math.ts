/**
 * Formulas rendered offline from the stored TeX (`span.ztext-math` holds the TeX as text;
 * `ztext-math-display` marks display math, set by the sanitizer from data-eeimg=2).
 * katex.render builds DOM nodes (no innerHTML); `trust` stays off so \href, \url and
 * \includegraphics cannot make links or load anything. KaTeX is loaded only when a post has math.
 */
export async function renderMath(root: ParentNode): Promise<number> {
  const spans = Array.from(root.querySelectorAll<HTMLElement>('span.ztext-math'));
  if (!spans.length) return 0;
  const { default: katex } = await import('katex');
  await import('katex/dist/katex.min.css');
  for (const span of spans) {
    const tex = span.textContent ?? '';
    const display = span.classList.contains('ztext-math-display');
    try {
      katex.render(tex, span, { displayMode: display, throwOnError: false, trust: false, strict: 'ignore', maxExpand: 500, maxSize: 50, output: 'htmlAndMathml' });
    } catch {
      // Leave the TeX source visible: better than nothing, and selectable.
      span.classList.add('math-error');
    }
  }
  return spans.length;
}
