// The import cleaner without the browser's parser (#7): untrusted strings reach it only rewritten or
// parsed by parse5 (IMPORT_POLICY), and it decides as it did when DOMPurify parsed the string itself:
// the same result for every real body, never keeping a string it used to clean.
import createDOMPurify, { type Config } from 'dompurify';
import { describe, expect, it } from 'vitest';
import { makeImportCleaner, type ImportCleanResult } from '../src/ui/sanitize/import-cleaner';
import { safeLinkUrl } from '../src/ui/sanitize/sanitizer';
import { fragmentHazards } from './fixtures/attack-corpus/output-hazards';
import { attackCorpus } from './fixtures/attack-corpus/vectors';
import { seedPost } from './fixtures-export/posts';
import { goldenBodies } from './support/golden';

const clean = makeImportCleaner(window);
const corpus = attackCorpus();

/** The cleaner as it was before the pre-pass (commit 151957f): DOMPurify parsing the string in the page. */
function stringCleaner(): (html: string) => ImportCleanResult {
  const purify = createDOMPurify(window);
  let refused = false;
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const attr of ['href', 'src'] as const) {
      const raw = node.getAttribute(attr);
      if (raw !== null && safeLinkUrl(raw) === null) {
        node.removeAttribute(attr);
        refused = true;
      }
    }
  });
  const config: Config & { RETURN_DOM_FRAGMENT: true } = {
    USE_PROFILES: { html: true },
    ADD_ATTR: ['referrerpolicy'],
    FORBID_TAGS: ['style', 'form', 'input', 'textarea', 'select', 'button', 'base', 'iframe', 'frame', 'object', 'embed', 'template', 'noscript', 'svg', 'math'],
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
    RETURN_DOM_FRAGMENT: true,
  };
  const box = document.createElement('div');
  return (html) => {
    refused = false;
    const fragment = purify.sanitize(html, config);
    if (purify.removed.length === 0 && !refused) return { html, changed: false };
    box.replaceChildren(fragment);
    return { html: box.innerHTML, changed: true };
  };
}
const before = stringCleaner();


describe('import cleaner, parsed without the browser', () => {
  it('gives every real body and seed the result it gave when the browser parsed the string', () => {
    const bodies = [...goldenBodies(), ...[0, 1, 2].map((i) => seedPost(i).content)];
    expect(bodies.length).toBeGreaterThan(100);
    const differs = bodies.filter((b) => JSON.stringify(clean(b)) !== JSON.stringify(before(b)));
    expect(differs.map((b) => b.slice(0, 80))).toEqual([]);
    // And benign content is kept byte for byte (the seed round trip).
    expect(bodies.filter((b) => clean(b).changed)).toEqual([]);
  }, 120_000);

  it('never keeps a vector the browser-parsed cleaner cleaned, and stores nothing that runs', () => {
    const kept = corpus.filter((v) => before(v.html).changed && !clean(v.html).changed).map((v) => v.id);
    expect(kept).toEqual([]);
    const bad = corpus.map((v) => ({ id: v.id, found: fragmentHazards(clean(v.html).html) })).filter((r) => r.found.length);
    expect(bad).toEqual([]);
  });

  it('cleans what DOMPurify alone never saw: a parse moved it out of the body it sanitizes', () => {
    for (const html of ['<style>p{color:red}</style><p>x</p>', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>x</p>', '<title>t</title><p>x</p>', '<p>x</p></body><!-- c -->', '<html onload="x()"><p>x</p>']) {
      expect(before(html).changed, html).toBe(false);
      const r = clean(html);
      expect(r, html).toEqual({ html: '<p>x</p>', changed: true });
    }
  });

  it('reports what the pre-pass left out as removed, on both paths', () => {
    // Serializer form (the fast path): the rewrite drops the handler, so the result is the sanitized one.
    expect(clean('<p onclick="x()">a</p>')).toEqual({ html: '<p>a</p>', changed: true });
    // Not serializer form (parse5): the same.
    expect(clean("<p onclick='x()'>a</p>")).toEqual({ html: '<p>a</p>', changed: true });
    expect(clean('<p>a</p><!-- c -->')).toEqual({ html: '<p>a</p>', changed: true });
    // A Trusted Types sink left out, although DOMPurify would drop the element anyway.
    expect(clean('<embed src="https://e.com/x.swf"><p>a</p>').changed).toBe(true);
    // Nothing left out, not serializer form: the original string, byte for byte.
    expect(clean("<p class='a'>x &lt;&lt; y</p>")).toEqual({ html: "<p class='a'>x &lt;&lt; y</p>", changed: false });
  });
});
