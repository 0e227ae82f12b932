// The gram signatures that let a query skip posts: they must never drop a real match (or search
// would silently miss posts), and on real Zhihu text they must rule out most posts for a word
// that is not there (or they would not speed anything up).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gramSignature, mayContain, termGrams } from '../src/search/signature';
import { SignatureIndex } from '../src/search/signature-index';
import { searchText } from '../src/storage/plain-text';

const GOLDEN = join(import.meta.dirname, 'golden');
/** Plain texts of every captured item of the real fixtures (the extraction goldens). */
function realTexts(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(GOLDEN)) {
    for (const f of readdirSync(join(GOLDEN, dir)).filter((n) => n.endsWith('.html'))) {
      out.push(searchText('', '', readFileSync(join(GOLDEN, dir, f), 'utf8')));
    }
  }
  return out.filter((t) => t.length > 200);
}

describe('gram signatures', () => {
  it('never rule out a text that holds the term (property, any UTF-16 incl. lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = text.length ? a % text.length : 0;
        const term = text.slice(start, start + 1 + (b % 8));
        fc.pre(term.length > 0);
        expect(mayContain(gramSignature(text), termGrams([term]))).toBe(true);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('keep every real post that holds a real phrase, and rule out most posts for an absent word', () => {
    const texts = realTexts();
    expect(texts.length).toBeGreaterThan(20);
    const sigs = texts.map(gramSignature);
    for (const [i, t] of texts.entries()) {
      const phrase = t.slice(Math.floor(t.length / 2), Math.floor(t.length / 2) + 4);
      expect(mayContain(sigs[i] as Uint8Array, termGrams([phrase]))).toBe(true);
    }
    const absent = termGrams(['不存在的词语组合']);
    expect(texts.every((t) => !t.includes('不存在的词语组合'))).toBe(true);
    const scanned = sigs.filter((s) => mayContain(s, absent)).length;
    expect(scanned / texts.length).toBeLessThan(0.1);
  });

  it('grow with the text, so long posts stay selective, up to a cap', () => {
    expect(gramSignature('短').length).toBe(64);
    expect(gramSignature('字'.repeat(6000)).length).toBe(1024);
    expect(gramSignature('字'.repeat(1_000_000)).length).toBe(16384);
  });
});

describe('SignatureIndex', () => {
  it('keeps the same posts as a full check with stored, missing or malformed signatures', () => {
    const texts = realTexts().slice(0, 30);
    const keys = texts.map((_, i) => String(i));
    const stored = new SignatureIndex();
    stored.set(texts.map((text, i) => ({ key: String(i), sig: gramSignature(text) })));
    const missing = new SignatureIndex();
    const malformed = new SignatureIndex();
    malformed.set(texts.map((_, i) => ({ key: String(i), sig: new Uint8Array(100) })));
    for (const q of ['知乎', '的 是', texts[3]?.slice(10, 16) ?? '', '不存在的词语组合']) {
      const terms = q.split(' ');
      const expected = keys.filter((_, i) => terms.every((w) => texts[i]?.includes(w)));
      const grams = termGrams(terms);
      for (const idx of [stored, missing, malformed]) {
        const kept = idx.candidates(keys, grams);
        expect(kept.filter((k) => terms.every((w) => texts[Number(k)]?.includes(w)))).toEqual(expected);
      }
      expect(missing.candidates(keys, grams)).toEqual(keys);
      expect(malformed.candidates(keys, grams)).toEqual(keys);
    }
    expect(stored.candidates(keys, termGrams(['不存在的词语组合'])).length).toBeLessThan(3);
  });
});
