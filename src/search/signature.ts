/**
 * A per-post Bloom signature of every character, every pair and every triple of adjacent
 * characters of the post's search text. A post can hold a term only if its signature has the bits
 * of all the term's characters, pairs and triples, so a query reads a few bits per post and checks
 * the text only of the posts that may match. Without it a term found nowhere scans all ~60 M
 * characters of a 10k library (82 ms in the bench); Chinese words are short, so pairs are what
 * separate them, and triples separate phrases whose pairs are all common: 孩子的教育 is in no
 * seeded post, yet its four pairs are all in 1.75 % of them and its triples in 0.2 % (v2, issue #18).
 *
 * Grams of UTF-16 code units, not code points: every gram of a term is also a gram of any text
 * containing the term, which is all the filter needs to never drop a real match.
 */

/** Changes whenever gramSignature's output would: stored signatures of another version are rebuilt from their texts. */
export const SIGNATURE_VERSION = 3;

/**
 * Bits per character of text: a 6k-character post of Zhihu text gets 8 Ki bits (1 KB), about 37 % set
 * (v3). The library holds every post's signature: 50 MB at 50,000 posts; 2 bits a character (v2, 21 %
 * set) cost twice that and kept a few fewer candidates (经济: 236 instead of 387 of 4,000 posts, 164 hits).
 */
const BITS_PER_CHAR = 1;
const MIN_BITS = 512;
/** Beyond this (a ~130k-character post) the signature saturates and the post is simply scanned. */
const MAX_BITS = 1 << 17;
/** Stands for "no second character": code units stop at 0xffff, so singles never hash like pairs. */
const SINGLE = 0x10000;
/** Marks a triple's last character, so triples never hash like pairs. */
const TRIPLE = 0x20000;

function gramHash(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

function tripleHash(a: number, b: number, c: number): number {
  return gramHash(gramHash(a, b) ^ 0x7fff0000, c | TRIPLE);
}

function signatureBits(length: number): number {
  let bits = MIN_BITS;
  while (bits < length * BITS_PER_CHAR && bits < MAX_BITS) bits *= 2;
  return bits;
}

/** The signature of an already lower-cased search text. */
export function gramSignature(text: string): Uint8Array {
  const sig = new Uint8Array(signatureBits(text.length) / 8);
  const mask = sig.length * 8 - 1;
  const set = (h: number): void => {
    const bit = h & mask;
    sig[bit >>> 3] = (sig[bit >>> 3] as number) | (1 << (bit & 7));
  };
  let prev = -1;
  let before = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    set(gramHash(c, SINGLE));
    if (prev >= 0) set(gramHash(prev, c));
    if (before >= 0) set(tripleHash(before, prev, c));
    before = prev;
    prev = c;
  }
  return sig;
}

/** The hashes a post's signature must all contain for it to hold every one of `terms`. */
export function termGrams(terms: readonly string[]): Uint32Array {
  const hashes = new Set<number>();
  for (const t of terms) {
    for (let i = 0; i < t.length; i++) {
      hashes.add(gramHash(t.charCodeAt(i), SINGLE));
      if (i > 0) hashes.add(gramHash(t.charCodeAt(i - 1), t.charCodeAt(i)));
      if (i > 1) hashes.add(tripleHash(t.charCodeAt(i - 2), t.charCodeAt(i - 1), t.charCodeAt(i)));
    }
  }
  return Uint32Array.from(hashes);
}

/** False only when the post surely lacks a term; true means "scan it". */
export function mayContain(sig: Uint8Array, grams: Uint32Array): boolean {
  const mask = sig.length * 8 - 1;
  for (let i = 0; i < grams.length; i++) {
    const bit = (grams[i] as number) & mask;
    if (((sig[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return false;
  }
  return true;
}
