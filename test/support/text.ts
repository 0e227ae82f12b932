/**
 * The reading text of clean HTML, for comparing two sources of the same item: whitespace collapsed,
 * and block boundaries (which the DOM and the API form wrap differently) counted as one space.
 */
export function comparableText(html: string): string {
  const box = document.createElement('div');
  box.innerHTML = html;
  // A space at each block edge, so "<p>a</p><p>b</p>" and "<p>a</p>\n<p>b</p>" compare equal.
  for (const el of Array.from(box.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, figure, figcaption, blockquote, pre, td, th, br, hr'))) {
    el.before(' ');
    el.after(' ');
  }
  return (box.textContent ?? '').replace(/[\s\u200b]+/g, ' ').trim();
}
