// The fast path (#7): canonical markup is rewritten to allowlisted markup before the browser parses it.
// parse5 stands in for the browser's parser: whatever the rewrite accepts must parse, as DOMPurify
// parses it, into allowlisted elements and attributes only.
import fc from 'fast-check';
import { parse, type DefaultTreeAdapterTypes as P5 } from 'parse5';
import { describe, expect, it } from 'vitest';
import { rewriteCanonical } from '../src/ui/sanitize/canonical';
import { makeSanitizer, READER_POLICY } from '../src/ui/sanitize/sanitizer';
import { attackCorpus } from './fixtures/attack-corpus/vectors';
import { goldenBodies } from './support/golden';

const rewrite = (html: string): string | null => rewriteCanonical(html, READER_POLICY);
const corpus = attackCorpus();

/** What the browser's parser would meet in `html` (parsed as DOMPurify does) that the allowlist forbids. */
function forbidden(html: string): string[] {
  const doc = parse(`<remove></remove>${html}`);
  const body = (doc.childNodes.at(-1) as P5.Element).childNodes.find((n) => n.nodeName === 'body') as P5.Element;
  const found: string[] = [];
  const stack: P5.ChildNode[] = body.childNodes.slice(1);
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.nodeName === '#comment') found.push('<!-->');
    if (!('tagName' in n)) continue;
    if (n.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !READER_POLICY.tags.has(n.tagName)) found.push(`<${n.tagName}>`);
    for (const a of n.attrs) if (!READER_POLICY.attribute(n.tagName, a.name, a.value)) found.push(`${n.tagName}@${a.name}`);
    stack.push(...n.childNodes);
  }
  return found;
}


describe('canonical fast path', () => {
  it('takes every real Zhihu body, and what the browser then parses is allowlisted', () => {
    const bodies = goldenBodies();
    const rewritten = bodies.map(rewrite);
    expect(rewritten.filter((r) => r === null)).toHaveLength(0);
    expect(rewritten.flatMap((r) => forbidden(r!))).toEqual([]);
  });

  it('takes what the sanitizer writes, so a sanitized export re-reads fast', () => {
    const sanitize = makeSanitizer(window);
    const box = document.createElement('div');
    for (const v of corpus) {
      box.replaceChildren(sanitize(v.html));
      expect(rewrite(box.innerHTML), v.id).not.toBeNull();
    }
  });

  it('rewrites or refuses every attack vector, never passing on forbidden markup', () => {
    const leaks = corpus.map((v) => ({ id: v.id, out: rewrite(v.html) })).filter((r) => r.out !== null && forbidden(r.out).length > 0);
    expect(leaks).toEqual([]);
  });

  it('never passes on forbidden markup for generated near-canonical HTML (fast-check)', () => {
    const name = fc.constantFrom('p', 'a', 'img', 'span', 'table', 'td', 'style', 'script', 'svg', 'math', 'xmp', 'noscript', 'base', 'select', 'template', 'textarea', 'title', 'plaintext', 'frameset', 'iframe', 'form', 'div');
    const attrName = fc.constantFrom('href', 'src', 'class', 'title', 'style', 'onerror', 'onclick', 'data-text', 'data-url', 'srcset', 'id', 'formaction');
    const value = fc.oneof(fc.constantFrom('javascript:x()', 'https://pic1.zhimg.com/a.jpg', 'https://e.com/?a=1&amp;b=2', '&#106;avascript:x', '&amp', 'x&quot; onerror=&quot;y', '</style><img src=x onerror=y>', '\u0000'), fc.string({ maxLength: 8 }));
    const attr = fc.oneof(fc.tuple(attrName, value).map(([n, v]) => ` ${n}="${v.replaceAll('"', '&quot;')}"`), attrName.map((n) => ` ${n}`));
    const start = fc.tuple(name, fc.array(attr, { maxLength: 3 })).map(([n, a]) => `<${n}${a.join('')}>`);
    const piece = fc.oneof(start, name.map((n) => `</${n}>`), fc.string({ maxLength: 10 }), fc.constantFrom('<!--', '-->', '<', '>', '&lt;', '/>', '<p/>', '<P>', '<a href=x>', "<a href='x'>", '<img src="x" src="y">', '<<', '< ', '<1', '<_', '<\u00e9', '</ ', '<?x', '<!x', '<img src>', '<a href title="x">'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const out = rewrite(pieces.join(''));
        if (out !== null) expect(forbidden(out)).toEqual([]);
      }),
      { numRuns: 3_000, seed: 7 },
    );
  });

  it('refuses what is not canonical instead of guessing', () => {
    for (const html of ['<!-- c --><p>x</p>', '<p class=x>', "<p class='x'>", '<P>x</P>', '<br/>', '<p>a <b</p>', '<p>a </b</p>', '<p>a <!b</p>', '<p>a <?b</p>', '<img src="x" src="y">', '<img src src>', '<a href="x&#106;">', '<style>p{}</style>', '<svg></svg>', '<p data-a="1"  class="b">', '<p class ="b">']) {
      expect(rewrite(html), html).toBeNull();
    }
  });

  it('reads a `<` that opens nothing as text, and a name with no value as an empty one, as the tokenizer does (RSSHub)', () => {
    // `<` then anything but a letter, `/`, `!` or `?` is text to the tokenizer; `data-caption` alone is data-caption="".
    for (const html of ['<p>a < b, 1<2, <<, x<</p>', '<pre><code>std::cout << x;</code></pre><', '<img src="https://pic1.zhimg.com/a.jpg" data-caption data-size="normal">']) {
      const out = rewrite(html);
      expect(out, html).toBe(html.replace(' data-size="normal"', '').replace(' data-caption', ''));
      expect(forbidden(out!)).toEqual([]);
    }
  });

  it('keeps allowlisted attributes verbatim and in order, and drops the rest', () => {
    expect(rewrite('<p data-pid="x" class="a" style="b"><a href="https://e.com/?a=1&amp;b=2" onclick="x()" data-draft-type="link-card">l</a><img src="https://evil.example/x.png" alt="&quot;"></p>')).toBe(
      '<p class="a"><a href="https://e.com/?a=1&amp;b=2" data-draft-type="link-card">l</a><img alt="&quot;"></p>',
    );
  });
});
