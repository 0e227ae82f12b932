/**
 * The posts' gram signatures (signature.ts) held in memory, ~2 KB a post (100 MB at 50,000 posts),
 * without their texts (~12 KB a post: 600 MB at 50,000). A query keeps only the posts whose
 * signature has every character and pair of its terms; search-run.ts then reads those posts'
 * texts from IndexedDB to check them exactly. A post with no signature here (not loaded yet, or
 * restored since) is always kept: the filter may only ever drop posts that surely do not match.
 */
import { mayContain } from './signature';

export class SignatureIndex {
  private readonly sigs = new Map<string, Uint8Array>();

  get size(): number {
    return this.sigs.size;
  }

  set(rows: Iterable<{ key: string; sig: unknown }>): void {
    for (const r of rows) {
      const sig = usableSignature(r.sig);
      if (sig) this.sigs.set(r.key, sig);
      else this.sigs.delete(r.key);
    }
  }

  delete(keys: Iterable<string>): void {
    for (const k of keys) this.sigs.delete(k);
  }

  /** The keys of `order`, in that order, whose text may hold every gram of `grams` (termGrams). */
  candidates<K extends string>(order: readonly K[], grams: Uint32Array): K[] {
    return order.filter((k) => {
      const sig = this.sigs.get(k);
      return sig === undefined || mayContain(sig, grams);
    });
  }
}

/** A stored signature is trusted only in the shape gramSignature makes: a power-of-two byte count of at least 64. */
function usableSignature(sig: unknown): Uint8Array | null {
  if (!(sig instanceof Uint8Array) || sig.length < 64) return null;
  return (sig.length & (sig.length - 1)) === 0 ? sig : null;
}
