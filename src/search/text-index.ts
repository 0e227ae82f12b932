/**
 * The in-memory search index: the lower-cased plain texts of the `texts` store and their gram
 * signatures (signature.ts), in parallel arrays. docs/performance-notes.md §4 measured `includes` over 10k such
 * texts at 12–47 ms per query, exact, where FlexSearch/MiniSearch missed words or took minutes to
 * build; the signatures let a query skip the posts that cannot match, so rare and absent words
 * no longer scan everything. Both are written with each save, so opening only loads them.
 */
import { matchesAll, parseQuery } from './query';
import { gramSignature, mayContain, termGrams } from './signature';

export interface IndexedText {
  key: string;
  text: string;
  /** Absent on rows written before signatures existed; computed here then. */
  sig?: Uint8Array;
}

export class TextIndex {
  private readonly keys: string[] = [];
  private readonly texts: string[] = [];
  private readonly sigs: Uint8Array[] = [];
  private readonly position = new Map<string, number>();
  /** The last query's terms and matching positions: typing narrows, so the next query scans only these. */
  private last: { terms: string[]; hits: number[] } | null = null;

  get size(): number {
    return this.keys.length;
  }

  add(rows: readonly IndexedText[]): void {
    this.last = null;
    for (const r of rows) {
      const sig = usableSignature(r.sig) ?? gramSignature(r.text);
      const at = this.position.get(r.key);
      if (at !== undefined) {
        this.texts[at] = r.text;
        this.sigs[at] = sig;
      } else {
        this.position.set(r.key, this.keys.length);
        this.keys.push(r.key);
        this.texts.push(r.text);
        this.sigs.push(sig);
      }
    }
  }

  /** Keys whose text holds every term of `query`; null for an empty query (no filtering). */
  search(query: string): Set<string> | null {
    const terms = parseQuery(query);
    if (terms.length === 0) return null;
    const { keys, texts, sigs } = this;
    const grams = termGrams(terms);
    const test = (i: number): boolean => mayContain(sigs[i] as Uint8Array, grams) && matchesAll(texts[i] as string, terms);
    // A text holding every new term also holds every old term each new term contains, so when
    // each old term is inside some new term (the user typed on), only the old hits can match.
    const narrowing = this.last?.terms.every((old) => terms.some((t) => t.includes(old)));
    const hits: number[] = [];
    if (narrowing && this.last) {
      for (const i of this.last.hits) if (test(i)) hits.push(i);
    } else {
      for (let i = 0; i < texts.length; i++) if (test(i)) hits.push(i);
    }
    this.last = { terms, hits };
    return new Set(hits.map((i) => keys[i] as string));
  }
}

/** A stored signature is trusted only in the shape gramSignature makes: a power-of-two bit count. */
function usableSignature(sig: unknown): Uint8Array | null {
  if (!(sig instanceof Uint8Array) || sig.length < 64) return null;
  return (sig.length & (sig.length - 1)) === 0 ? sig : null;
}
