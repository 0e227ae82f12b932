/** The body's top level holds only blocks, as in the seed: loose text becomes a `<p>`, a loose image a `<figure>`. */

const BLOCK = new Set([
  'P', 'FIGURE', 'BLOCKQUOTE', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'TABLE', 'PRE', 'DIV', 'SECTION', 'DL',
]);

/** HTML comments carry nothing readable (content-answer-237992320-eeimg-math.html starts with one). */
export function removeComments(root: HTMLElement): void {
  const walker = root.ownerDocument.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
}

/** Pins' `content_html` is `<div>text<a>…</a></div><img>` (api-pin-*.json); other bodies are already blocks. */
export function blockify(root: HTMLElement): void {
  const doc = root.ownerDocument;
  let run: HTMLParagraphElement | null = null;
  for (const node of Array.from(root.childNodes)) {
    const tag = node.nodeType === 1 ? (node as Element).tagName : '';
    if (tag === 'IMG') {
      const figure = doc.createElement('figure');
      node.replaceWith(figure);
      figure.append(node);
      run = null;
    } else if (BLOCK.has(tag)) {
      run = null;
    } else if (run || (node.textContent ?? '').trim() !== '' || tag === 'BR') {
      run ??= root.insertBefore(doc.createElement('p'), node);
      run.append(node);
    }
  }
}
