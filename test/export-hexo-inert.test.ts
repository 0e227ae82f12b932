// The Hexo body stays an HTML block for Markdown: blank lines and code fences are written as character
// references where Markdown would make something of them, and nothing changes for HTML.
import fc from 'fast-check';
import { marked } from 'marked';
import { readFileSync } from 'node:fs';
import { parseFragment, serialize } from 'parse5';
import { describe, expect, it } from 'vitest';
import { hexoAuthorText, hexoAuthorTextDecoded, markdownInert, markdownInertDecoded } from '../src/export/hexo-inert';
import { makeImportCleaner } from '../src/ui/sanitize/import-cleaner';
import { SEEDS, imported } from './fixtures-export/posts';

/** What a browser builds from the markup, as text, comments left out: "nothing changes for HTML". */
const tree = (html: string): string => serialize(parseFragment(html)).replace(/<!--[\s\S]*?-->/g, '');
const blankLine = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)/;
const fenceLine = /^(?:[^\S\r\n]|[>*+\-0-9.])*(?:```|~~~)/m;
/**
 * What marked (default settings) makes of a body wrapped as the seed wraps it that HTML did not have:
 * URLs that are not http(s), and event handlers, read from the tree a browser builds of its output.
 */
function markdownHazards(body: string): string[] {
  const out = marked.parse(`<div>   \nX的回答<br><br>${body}  \n</div>\n`, { async: false });
  return [...tree(out).matchAll(/ (href|src)="(?!https?:)([^"]*)"| (on\w+)=/g)].map((m) => m[0].trim());
}

describe('markdownInert', () => {
  it('keeps the seed bodies, blank lines and all, byte for byte', () => {
    for (const file of SEEDS) {
      const body = imported(readFileSync(file, 'utf8')).content;
      expect(markdownInert(body)).toBe(body);
    }
    expect(blankLine.test(imported(readFileSync(SEEDS[2]!, 'utf8')).content)).toBe(true);
  });

  // Cases of our own: each would give marked a live script link, or Hexo a code block, as written.
  const hostile: [string, string][] = [
    ['link in code after a blank line', '<pre><code>a\n\n[x](javascript:alert(1))</code></pre>'],
    ['blank line of spaces and a tab', '<p>a</p>\n \t\n[x](javascript:alert(1))'],
    ['image', '<pre><code>a\n\n![x](javascript:alert(1))</code></pre>'],
    ['reference definition', '<pre><code>a\n\n[r]: javascript:alert(1)\n\n[r]</code></pre>'],
    ['CRLF blank line', '<pre><code>a\r\n\r\n[x](javascript:alert(1))</code></pre>'],
    ['lone CR blank line', '<pre><code>a\r\r[x](javascript:alert(1))</code></pre>'],
    ['several blank lines', '<pre><code>a\n\n\n\n[x](javascript:alert(1))\n\n</code></pre>'],
  ];
  it.each(hostile)('neutralizes a %s: HTML reads the same, Markdown sees no blank line and makes no link', (_name, body) => {
    expect(markdownHazards(body)).not.toEqual([]);
    const inert = markdownInert(body);
    expect(inert).not.toBe(body);
    expect(blankLine.test(inert)).toBe(false);
    expect(tree(inert)).toBe(tree(body));
    expect(markdownHazards(inert)).toEqual([]);
    expect(tree(markdownInertDecoded(inert))).toBe(tree(body));
  });

  it('neutralizes a blank line inside a tag or a comment, which Markdown would cut in two', () => {
    for (const body of ['<p title="a\n\n<img src=x onerror=alert(1)>">t</p>', '<p>x</p><!-- a\n\n<img src=x onerror=alert(1)> -->', '<textarea>a\n\nb</textarea>']) {
      const inert = markdownInert(body);
      expect(blankLine.test(inert)).toBe(false);
      expect(tree(inert)).toBe(tree(body));
    }
    // Markdown then leaves the attribute as it was.
    expect(marked.parse(markdownInert('<div><p title="a\n\nb">t</p></div>'), { async: false })).toContain('title="a\n&#10;b"');
  });

  it('neutralizes code fences, which Hexo turns into code blocks inside any HTML', () => {
    for (const body of ['<pre><code>```js\nx\n```</code></pre>', '<pre><code>a\n  > ~~~\nb</code></pre>', '<p>a\n\u3000```</p>']) {
      const inert = markdownInert(body);
      expect(fenceLine.test(inert)).toBe(false);
      expect(tree(inert)).toBe(tree(body));
      expect(markdownInertDecoded(inert)).toBe(body);
    }
  });

  it('leaves harmless blank lines in text alone, and a body without one', () => {
    for (const body of ['<pre><code>a\n\nb *c* _d_ # e</code></pre>', '<p>one line</p>', '<pre>x\ny</pre>']) expect(markdownInert(body)).toBe(body);
  });

  // Bodies reach the writer through the import's cleaner (the 导出与导入 page passes it), as here.
  const importClean = makeImportCleaner(window);
  it('for any cleaned markup: HTML reads the same, no blank or fence line is left unless the body was left alone, and decoding restores it', () => {
    const seen = { neutralized: 0, leftWithBlankLines: 0 };
    const piece = fc.constantFrom('\n', '\r', '\r\n', ' ', '\t', 'a', '中', '<p>', '</p>', '<pre><code>', '</code></pre>', '<b title="', '">', '[x](javascript:y)', '```', '~~~', '>', '-', '1.', ']:', '<!--', '-->', '\u3000');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((a) => importClean(a.join('')).html), (body) => {
        const inert = markdownInert(body);
        expect(tree(inert)).toBe(tree(body));
        const decoded = markdownInertDecoded(inert);
        if (body.includes('\r')) expect(tree(decoded)).toBe(tree(body));
        else expect(decoded).toBe(body);
        if (inert !== body) {
          seen.neutralized++;
          expect(blankLine.test(inert)).toBe(false);
          expect(fenceLine.test(inert)).toBe(false);
        } else {
          // Left alone: Markdown can still read blank lines, but makes no script link of them.
          expect(markdownHazards(body)).toEqual([]);
          if (blankLine.test(body)) seen.leftWithBlankLines++;
        }
      }),
      { numRuns: 2000 },
    );
    // Both branches ran often enough to mean something.
    expect(seen.neutralized, JSON.stringify(seen)).toBeGreaterThan(100);
    expect(seen.leftWithBlankLines, JSON.stringify(seen)).toBeGreaterThan(10);
  });
});

describe('hexoAuthorText', () => {
  it('writes a name as text: no markup, no braces, no line break; and reads it back', () => {
    const names = ['IceBear', '{{range.constructor("return process")()}}', '<img src=x onerror=alert(1)>', 'a\n\n[x](javascript:1)', '```js', 'A & B &amp; C', 'x\r\ny', '&#10;'];
    for (const name of names) {
      const text = hexoAuthorText(name);
      expect(text).not.toMatch(/[<>{}\r\n]/);
      expect(fenceLine.test(text)).toBe(false);
      expect(hexoAuthorTextDecoded(text)).toBe(name);
    }
    expect(hexoAuthorText('艾伦小星')).toBe('艾伦小星');
  });
});
