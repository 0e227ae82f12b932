// The Markdown export where it goes next: rendered by a real Markdown renderer (marked, default
// settings, as a vault or a static site without math support would), from the attack corpus and from
// TeX vectors of our own. The result may hold no script link, no handler and no HTML Markdown does not
// make of plain text.
import { marked } from 'marked';
import { parseFragment, type DefaultTreeAdapterTypes as P5 } from 'parse5';
import { describe, expect, it } from 'vitest';
import { markdownPost } from '../src/export/markdown';
import { attackCorpus } from './fixtures/attack-corpus/vectors';
import { samplePost } from './fixtures-export/posts';

const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
/** What marked makes of Markdown text: block and inline elements, images, links; nothing that runs or asks for input. */
const MARKDOWN_HTML = new Set(['p', 'a', 'em', 'strong', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'hr', 'br', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del']);
const SCRIPT_URL = /^\s*(javascript|data|vbscript):/i;

const tex = (t: string, display = false): string => `<p><span class="ztext-math" data-eeimg="${display ? 2 : 1}" data-tex="${t.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">x</span></p>`;
/** TeX a formula may hold, each a link, a reference, a checkbox or a break-out for a renderer without math. */
const TEX_VECTORS = [
  tex("[x](javascript:__zoPwned('tex1'))"),
  tex("![x](javascript:__zoPwned('tex2'))"),
  tex("[x][r]\n[r]: javascript:__zoPwned('tex3')", true),
  tex("a\n\n[x](javascript:__zoPwned('tex4'))", true),
  tex("a\r\n\r\n[x](javascript:__zoPwned('tex5'))", true),
  tex('- [ ] x', true),
  tex('[x]:javascript:1\n\n[x]', true),
  tex("\\href{javascript:__zoPwned('tex6')}{x}"),
  tex("$ [x](javascript:__zoPwned('tex7')) $"),
  tex('</span><img src=x onerror=alert(1)>'),
];
/** Footnotes whose text alone is a link reference definition to a renderer without footnotes. */
const FOOTNOTE_VECTORS = ["javascript:__zoPwned('fn1')", "javascript:__zoPwned('fn2') \"t\"", 'data:text/html,x', 'vbscript:x'].map(
  (t) => `<p>x<sup data-draft-type="reference" data-numero="1" data-text="${t.replace(/"/g, '&quot;')}">[1]</sup></p>`,
);

function hazards(html: string): { scriptLinks: string[]; other: string[] } {
  const scriptLinks: string[] = [];
  const other: string[] = [];
  const stack: P5.ChildNode[] = [...parseFragment(html).childNodes];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (!('tagName' in n)) continue;
    if (!MARKDOWN_HTML.has(n.tagName)) other.push(`<${n.tagName}>`);
    for (const a of n.attrs) {
      if (/^on/i.test(a.name)) other.push(`${n.tagName}@${a.name}`);
      if (['href', 'src'].includes(a.name) && SCRIPT_URL.test(a.value)) scriptLinks.push(`${a.name}=${a.value.slice(0, 60)}`);
      // Any other scheme is refused too; a relative link (a footnote's word, read as a URL) goes nowhere.
      else if (['href', 'src'].includes(a.name) && /^\s*[a-z][a-z0-9+.-]*:/i.test(a.value) && !/^https?:\/\//i.test(a.value)) other.push(`${a.name}=${a.value.slice(0, 60)}`);
    }
    stack.push(...n.childNodes);
  }
  return { scriptLinks, other };
}

describe('the Markdown export, rendered by marked', () => {
  it('holds nothing that runs, no script link and no HTML beyond what Markdown makes', () => {
    const bodies = [...attackCorpus().map((v) => v.html), ...TEX_VECTORS, ...FOOTNOTE_VECTORS];
    const found = bodies.map((content, i) => {
      const text = markdownPost(samplePost({ content, title: `t${i}` }), { parse: parseHtml });
      const h = hazards(marked.parse(text, { async: false }));
      return h;
    });
    const scriptLinks = found.flatMap((f) => f.scriptLinks);
    const other = found.flatMap((f) => f.other);
    console.log(`markdown render: ${bodies.length} vectors, ${scriptLinks.length} script links, ${other.length} other hazards`);
    expect({ scriptLinks, other }).toEqual({ scriptLinks: [], other: [] });
  });

  it('keeps ordinary formulas as they were', () => {
    const text = markdownPost(samplePost({ content: `${tex('a^2 + [b](c)')}${tex('\\left[ x \\right]', true)}` }), { parse: parseHtml });
    expect(text).toContain('$a^2 + [b]{}(c)$');
    expect(text).toContain('$$\n\\left[ x \\right]\n$$');
  });
});
