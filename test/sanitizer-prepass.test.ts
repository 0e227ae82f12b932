// The pre-parse in front of DOMPurify (#7): what it hands over holds nothing the allowlist forbids,
// and DOMPurify's output is what it was when the browser parsed the string itself. Canonical markup
// takes the fast path (test/sanitizer-canonical.test.ts), so the pre-pass is driven directly here.
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeContentSanitizer, makePurifier, READER_POLICY } from '../src/ui/sanitize/sanitizer';
import { makePrepass } from '../src/ui/sanitize/prepass';
import type { SanitizedContent } from '../src/ui/sanitize/sanitizer';
import { attackCorpus } from './fixtures/attack-corpus/vectors';

const prepass = makePrepass(document.implementation.createHTMLDocument(''), READER_POLICY);
const sanitize = makeContentSanitizer(window);
const purify = makePurifier(window);
const viaPrepass = (html: string): SanitizedContent => purify(prepass(html));
const corpus = attackCorpus();
const box = document.createElement('div');
const text = ({ fragment, footnotes }: SanitizedContent): string => {
  box.replaceChildren(fragment);
  return `${box.innerHTML}\n${JSON.stringify(footnotes)}`;
};

/** Everything in the pre-pass's DOM that the allowlist forbids, or that CSP would report. */
function forbidden(root: DocumentFragment): string[] {
  const found: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_COMMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.COMMENT_NODE) found.push('<!-->');
    if (!(n instanceof Element)) continue;
    if (n.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !READER_POLICY.tags.has(n.localName)) found.push(`<${n.localName}>`);
    for (const a of Array.from(n.attributes)) {
      if (!READER_POLICY.attribute(n.localName, a.name, a.value) || /^(on|style$|srcset$)/i.test(a.name)) found.push(`${n.localName}@${a.name}`);
    }
  }
  return found;
}

/** The stored bodies of every real fixture (the golden files after their JSON preamble). */
function goldenBodies(dir = resolve(import.meta.dirname, 'golden')): [string, string][] {
  return readdirSync(dir).flatMap((f): [string, string][] => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return goldenBodies(path);
    if (!f.endsWith('.html')) return [];
    const t = readFileSync(path, 'utf8');
    return [[path, t.slice(t.indexOf('\n}\n\n') + 4)]];
  });
}

describe('pre-pass', () => {
  it('hands DOMPurify only allowlisted elements and attributes, and no comments', () => {
    const bad = corpus.map((v) => ({ id: v.id, found: forbidden(prepass(v.html)) })).filter((r) => r.found.length);
    expect(bad).toEqual([]);
  });

  it('does so for random HTML built from hostile pieces (fast-check)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...corpus.map((v) => v.html).filter((h) => h.length < 400)),
      fc.constantFrom('<svg>', '<math>', '<mtext>', '<style>', '</style>', '<!--', '-->', '<noscript>', '<table>', '<template>', '<select>', '<xmp>', '<plaintext>', '<frameset>', '<form>', '<a href="', '">', ' onerror=', ' style=', '<base href=x>'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        expect(forbidden(prepass(pieces.join('')))).toEqual([]);
      }),
      { numRuns: 1_000, seed: 7 },
    );
  });

  it('leaves every real Zhihu body exactly as DOMPurify made it from the string, by either path', () => {
    const bodies = goldenBodies();
    expect(bodies.length).toBeGreaterThan(100);
    const changed = bodies.filter(([, html]) => {
      const before = text(purify(html));
      return text(viaPrepass(html)) !== before || text(sanitize(html)) !== before;
    });
    expect(changed.map(([path]) => path)).toEqual([]);
  }, 120_000);

  it('leaves the attack corpus as DOMPurify made it, but for pinned and explained cases', () => {
    // The exceptions are pinned, so the list cannot rot. Compared in Chromium 156 (by hand, #7), the
    // table and depth cases match, and list-24 and parser-select differ instead: Chromium parses
    // <select> content by the 2025 rules, parse5 8 by the earlier ones (dropped, or kept as text).
    const KNOWN = [
      // The pre-pass parses in standards mode (the reader's and Zhihu's), DOMPurify in quirks mode,
      // where <p><table> nests and what is foster-parented lands inside the <p>: not idempotent.
      'list-26b',
      // jsdom foster-parents the text of <table>t</table> after the table; the spec (parse5,
      // Chromium) puts it before. The pre-pass follows the spec.
      ...['onerror', 'onload', 'onfocus', 'onmouseover', 'ontoggle', 'onanimationstart', 'onbegin', 'onpointerenter'].map((e) => `gen-table-${e}`),
      ...Array.from({ length: 12 }, (_, s) => `gen-background-scheme${s}`),
      // jsdom's parser has no depth limit; Chromium's (512) is what the pre-pass follows.
      'parser-depth',
      // DOMPurify's string path yields null here; the pre-pass an empty fragment.
      'parser-frameset',
      // DOMPurify's hooks also run inside a removed <template>: a footnote from nowhere.
      'parser-template',
      // More than 12 open formatting elements: the pre-pass drops the excess (formatting-cap.ts), so the
      // tree does not re-create them in every paragraph (docs/threats.md §5 case 70).
      'list-70a',
      'list-70b',
    ];
    const differs = corpus
      .filter((v) => {
        try {
          return text(viaPrepass(v.html)) !== text(purify(v.html));
        } catch {
          return true;
        }
      })
      .map((v) => v.id);
    expect(differs.sort()).toEqual(KNOWN.sort());
  }, 120_000);

  it('survives a <frameset> that replaces the body (DOMPurify alone returns null)', () => {
    expect(text(sanitize('<frameset onload=x><frame src="javascript:x"></frameset>'))).toBe('\n[]');
  });

  it('nests no deeper than Chromium does: past 512 elements, elements become siblings and text stays', () => {
    const { fragment } = viaPrepass(`${'<div>'.repeat(600)}deep<b>x</b>${'</div>'.repeat(600)}`);
    let depth = 0;
    let deepest: Element | null = fragment.firstElementChild;
    for (let el = deepest; el; el = el.firstElementChild) [depth, deepest] = [depth + 1, el];
    // <html> and <body> are 2 of Chromium's 512 levels, so the fragment holds 510, then the flattened ones.
    expect(depth).toBe(511);
    expect(deepest?.parentElement?.lastElementChild?.outerHTML).toBe('<b>x</b>');
    expect(Array.from(deepest?.parentElement?.children ?? []).filter((c) => c.textContent === 'deep')).toHaveLength(1);
  });

  it('keeps what the hooks read: Zhihu data-* become classes and footnotes, checked URLs stay', () => {
    const html = '<p><sup data-draft-type="reference" data-numero="3" data-text="t" data-url="https://e.com/x" data-other="y">[3]</sup><a href=" https://e.com/ " data-draft-type="link-card">c</a><img src="https://pic1.zhimg.com/v2-a.jpg" onerror="x()"></p>';
    expect(text(sanitize(html))).toBe(text(viaPrepass(html)));
    expect(text(viaPrepass(html))).toBe(
      '<p><sup class="footnote-ref">[3]</sup><a href="https://e.com/" class="link-card" rel="noopener noreferrer nofollow" target="_blank">c</a>' +
        '<img src="https://pic1.zhimg.com/v2-a.jpg" referrerpolicy="no-referrer" decoding="async"></p>\n[{"n":"3","text":"t","url":"https://e.com/x"}]',
    );
  });
});
