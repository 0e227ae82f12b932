// @vitest-environment node
// Issue 19 item 6: every text pass over stored (untrusted) HTML is linear. A capture of repeated `<script`
// took 18 s in runSave at 560 KB (the search text's regex was quadratic). Work is compared across input
// sizes in the same run: 8× the input may cost at most 3.5× the per-byte time of the small one (linear
// gives ~1×, the old quadratic code ~8×), so a slow or busy machine does not decide the result.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runSave } from '../src/background/run-save';
import { inlineImages } from '../src/export/html';
import { importHexo } from '../src/import/hexo';
import { db } from '../src/storage/db';
import { htmlToPlainText } from '../src/storage/plain-text';
import type { OutboxRow } from '../src/storage/types';
import { capture, clearDatabase } from './support/storage';

const SEED = new URL('./fixtures/seed/seed-rsshub-page-hotlist-20220110-nophoto.md', import.meta.url);

/** The code this replaced, as the reference for what the output must be. */
function oldPlainText(html: string): string {
  const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
  const from = (n: number): string | undefined => (Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined);
  const decode = (e: string): string | undefined => {
    const l = e.toLowerCase();
    if (l.startsWith('#x')) return from(parseInt(l.slice(2), 16));
    if (l.startsWith('#')) return ENTITIES[l] ?? from(parseInt(l.slice(1), 10));
    return ENTITIES[l];
  };
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => decode(e) ?? m)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Milliseconds per input character of `f`: repeated until it has run 25 ms, the best of three such rounds. */
function perChar(f: () => unknown, length: number): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    let runs = 0;
    do {
      f();
      runs++;
    } while (performance.now() - t < 25);
    best = Math.min(best, (performance.now() - t) / runs);
  }
  return best / length;
}

/** Per-character cost of `make(8n)` over that of `make(n)`: ~1 when linear, ~8 when quadratic. */
function growth(make: (n: number) => string, f: (s: string) => unknown, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  return perChar(() => f(large), large.length) / perChar(() => f(small), small.length);
}

const TOKENS = ['<', '>', '<script', '<SCRIPT>', '</script>', '</SCRIPT>', '<style', '</style>', 'x', ' ', '&amp;', '&#x41;', '&#65;', '&bogus;', '&', ';', '"', '<p>', '</p>', '\n'];

describe('htmlToPlainText', () => {
  it('gives the old output on random markup of its hard tokens and on real stored bodies', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (parts) => {
        const html = parts.join('');
        expect(htmlToPlainText(html)).toBe(oldPlainText(html));
      }),
      { numRuns: 3000 },
    );
    const body = '<p>正文 <b>粗</b> &amp; <code>a &lt; b</code></p><style>p{}</style><script>x()</script><figure><img src="https://pic1.zhimg.com/v2-a.jpg"></figure>';
    expect(htmlToPlainText(body)).toBe(oldPlainText(body));
  });

  it('is linear in repeated `<script`, `<style`, `<` and unclosed entities', () => {
    const shapes: ((n: number) => string)[] = [
      (n) => '<script'.repeat(n),
      (n) => '<style <script '.repeat(n),
      (n) => `${'<'.repeat(n)}x`,
      (n) => '&#x1234'.repeat(n),
      (n) => `<p title="${'<script'.repeat(n)}">x</p>`,
    ];
    for (const make of shapes) expect(growth(make, htmlToPlainText, 4_000)).toBeLessThan(3.5);
  });
});

describe('the save path with a hostile body', () => {
  beforeEach(async () => {
    await clearDatabase();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('saves 8× the `<script`-repeating capture at about the same cost per byte (512 KB in this run)', async () => {
    const settings = { imageQuality: 'display' as const };
    const save = async (n: number): Promise<number> => {
      // What an <xmp>, <noembed>, <noframes> or <plaintext> serialized before the capture cleaner dropped them.
      const item = capture(String(n), { contentHtml: `<xmp>${'<script'.repeat(n)}</xmp>` });
      const job: OutboxRow = { id: `save:answer:${n}`, kind: 'save', key: `answer:${n}`, item, pending: [], attempts: 0, nextAttemptAt: 0, createdAt: 0 };
      const t = performance.now();
      await runSave(job, settings, () => undefined, () => 1_000);
      return (performance.now() - t) / item.contentHtml.length;
    };
    await save(1_000);
    const small = Math.min(await save(9_362), await save(9_363));
    const large = await save(74_898); // 74,898 × 7 bytes ≈ 512 KB
    expect(await db().posts.get('answer:74898')).toBeDefined();
    expect(await db().outbox.count()).toBe(0);
    expect(large / small).toBeLessThan(3);
  });
});

describe('the other scans over stored or imported HTML', () => {
  it('inlineImages (HTML export) is linear in `<img` without `>` and keeps its output', () => {
    const images = new Map([['https://pic1.zhimg.com/a.png', { type: 'image/png', bytes: new Uint8Array([1, 2]) }]]);
    expect(inlineImages('<p>x</p><img src="https://pic1.zhimg.com/a.png"><img src="b">', images)).toBe('<p>x</p><img src="data:image/png;base64,AQI="><img src="b">');
    expect(inlineImages('<img <img src="https://pic1.zhimg.com/a.png">', images)).toBe('<img <img src="data:image/png;base64,AQI=">');
    expect(growth((n) => '<img '.repeat(n), (s) => inlineImages(s, images), 4_000)).toBeLessThan(3.5);
  });

  it("the Hexo importer's image scan is linear in `<img` without `>`", () => {
    const seed = readFileSync(SEED, 'utf8');
    const at = seed.indexOf('<br><br>') + '<br><br>'.length;
    const make = (n: number): string => `${seed.slice(0, at)}${'<img '.repeat(n)}${seed.slice(at)}`;
    expect(importHexo(make(2), 0).ok).toBe(true);
    const withImage = `${seed.slice(0, at)}<img <img alt="a" src="https://pic1.zhimg.com/v2-a.jpg?x=1&amp;y=2">${seed.slice(at)}`;
    const imported = importHexo(withImage, 0);
    expect(imported.ok && imported.value.meta.images[0]).toBe('https://pic1.zhimg.com/v2-a.jpg?x=1&y=2');
    expect(growth(make, (s) => importHexo(s, 0), 4_000)).toBeLessThan(3.5);
  });
});
