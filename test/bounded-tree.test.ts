// @vitest-environment jsdom
// Issue 19 item 8: what the cleaners store parses to a tree proportional to its size. `<p><b title=i>` ×n
// then `<p>x` ×m was stored as is, and every HTML parser re-creates the n open <b>s in each paragraph
// (39 KB became 4 M nodes). Nodes are counted with parse5, as any reader, export or later import parses
// the stored string; the bound is NODES_PER_CHAR nodes per character of the input.
import { parse, type DefaultTreeAdapterTypes as P5 } from 'parse5';
import { describe, expect, it } from 'vitest';
import { cleanContainer } from '../src/extract/clean';
import { MAX_DEPTH } from '../src/extract/clean/nesting';
import { MAX_FORMATTING } from '../src/shared/limits';
import { capFormatting } from '../src/ui/sanitize/formatting-cap';
import { makeImportCleaner } from '../src/ui/sanitize/import-cleaner';
import { makeContentSanitizer } from '../src/ui/sanitize/sanitizer';

/** With at most MAX_FORMATTING re-created per token, `<p>x` (4 characters) gives at most 14 nodes. */
const NODES_PER_CHAR = 4;
const win = window as unknown as Window & typeof globalThis;

function parsedNodes(html: string): { nodes: number; depth: number } {
  const doc = parse(`<!DOCTYPE html><body>${html}`);
  let nodes = 0;
  let depth = 0;
  const stack: [P5.ChildNode | P5.Document, number][] = [[doc, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, d] = top;
    nodes++;
    depth = Math.max(depth, d);
    if ('childNodes' in node) for (const c of node.childNodes) stack.push([c, d + 1]);
  }
  return { nodes, depth };
}

const repeat = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');

/** The issue's vector and variants: open formatting elements (distinct attributes, so Noah's Ark merges none), then many paragraphs. */
const VECTORS: Record<string, string> = {
  'b title=i (the report)': repeat(300, (i) => `<p><b title=${i}>`) + repeat(300, () => '<p>x'),
  'i, font, nobr mixed': repeat(300, (i) => `<p><${['i', 'font', 'nobr'][i % 3]} class=c${i}>`) + repeat(300, () => '<p>x'),
  'a then b inside each': repeat(300, (i) => `<p><a href="https://e.com/${i}"><b title=${i}>`) + repeat(300, () => '<p>x'),
  'list items close them': repeat(300, (i) => `<li><em lang=x${i}>`) + repeat(300, () => '<li>x'),
  'divs close the paragraph': `<p>${repeat(300, (i) => `<strong title=${i}>`)}${repeat(300, () => '<div>x</div>')}`,
  'tables around': repeat(200, (i) => `<p><u title=${i}><table></table>`) + repeat(200, () => '<p>x<table><tr><td>y</td></tr></table>'),
  'end tags in cells': repeat(200, (i) => `<p><s title=${i}><table><tr><td></s></td></tr></table>`) + repeat(200, () => '<p>x'),
  'self-closing': repeat(300, (i) => `<p><small title=${i}/>`) + repeat(300, () => '<p>x'),
};

describe('the import cleaner stores a bounded tree', () => {
  const clean = makeImportCleaner(win);
  for (const [name, vector] of Object.entries(VECTORS)) {
    it(name, () => {
      const { html } = clean(vector);
      expect(parsedNodes(html).nodes).toBeLessThanOrEqual(NODES_PER_CHAR * vector.length);
      // Stable: cleaning what was stored keeps it.
      expect(clean(html).html).toBe(html);
    });
  }

  it('deep nesting is flattened as Chromium does (512), not kept deeper', () => {
    const deep = `${'<div>'.repeat(3_000)}x`;
    expect(parsedNodes(clean(deep).html).depth).toBeLessThanOrEqual(515);
  });

  it('keeps benign nesting byte for byte (the fast path)', () => {
    const benign = `<p>${'<b>'.repeat(MAX_FORMATTING)}x${'</b>'.repeat(MAX_FORMATTING)}</p><p><b title="1"><i>a</i></b><a href="https://www.zhihu.com/">b</a></p>`;
    expect(clean(benign)).toEqual({ html: benign, changed: false });
  });
});

describe('the reader builds a bounded tree even from a body stored before the fix', () => {
  const sanitize = makeContentSanitizer(win);
  for (const [name, vector] of Object.entries(VECTORS)) {
    it(name, () => {
      const { fragment } = sanitize(vector);
      const walker = document.createTreeWalker(fragment);
      let nodes = 1;
      while (walker.nextNode()) nodes++;
      expect(nodes).toBeLessThanOrEqual(NODES_PER_CHAR * vector.length);
    });
  }
});

describe('the capture cleaner stores a bounded tree', () => {
  /** A page's DOM can nest anything: n formatting elements around m paragraphs, built without the parser. */
  function capture(n: number, m: number, tag = 'b'): { html: string; input: number } {
    const doc = document.implementation.createHTMLDocument('');
    const container = doc.createElement('div');
    let at: Element = container;
    for (let i = 0; i < n; i++) {
      const el = doc.createElement(tag);
      el.setAttribute('title', String(i));
      at.append(el);
      at = el;
    }
    for (let j = 0; j < m; j++) at.append(Object.assign(doc.createElement('p'), { textContent: 'x' }));
    const input = container.innerHTML.length;
    return { html: cleanContainer(container).html, input };
  }

  for (const tag of ['b', 'i', 'font', 'nobr', 'a']) {
    it(`${tag} ×200 around 600 paragraphs`, () => {
      const { html, input } = capture(200, 600, tag);
      expect(parsedNodes(html).nodes).toBeLessThanOrEqual(NODES_PER_CHAR * input);
    });
  }

  it('nesting deeper than MAX_DEPTH is unwrapped, content kept', () => {
    const doc = document.implementation.createHTMLDocument('');
    const container = doc.createElement('div');
    let at: Element = container;
    for (let i = 0; i < 800; i++) at = at.appendChild(Object.assign(doc.createElement('blockquote'), { title: String(i) }));
    at.append('deepest');
    const { html, text } = cleanContainer(container);
    expect(parsedNodes(html).depth).toBeLessThanOrEqual(MAX_DEPTH + 5);
    expect(text).toBe('deepest');
  });

  it('drops xmp, noembed, noframes and plaintext, whose text serializes raw', () => {
    const doc = document.implementation.createHTMLDocument('');
    const container = doc.createElement('div');
    for (const tag of ['xmp', 'noembed', 'noframes', 'plaintext']) container.append(Object.assign(doc.createElement(tag), { textContent: '<script<img src=x onerror=alert(1)>' }));
    container.append(Object.assign(doc.createElement('p'), { textContent: 'kept' }));
    expect(cleanContainer(container).html).toBe('<p>kept</p>');
  });
});

describe('capFormatting', () => {
  it('drops only the start tags past the bound and their own end tags', () => {
    const open = repeat(MAX_FORMATTING, () => '<b>');
    const close = repeat(MAX_FORMATTING, () => '</b>');
    expect(capFormatting(`${open}<i>x</i>${close}`)).toBe(`${open}x${close}`);
    expect(capFormatting(`${open}${close}<i>x</i>`)).toBe(`${open}${close}<i>x</i>`);
  });
});
