/**
 * The in-memory search index: the lower-cased plain texts of the `texts` store, held in two
 * parallel arrays. perf-limits.md measured `includes` over 10k such texts at 12–47 ms per
 * query, exact; FlexSearch/MiniSearch either missed words or took minutes to build. So there
 * is nothing to build: loading the texts is the whole cost, and it happens after first paint.
 */
import { matchesAll, parseQuery } from './query';

export class TextIndex {
  private readonly keys: string[] = [];
  private readonly texts: string[] = [];
  private readonly position = new Map<string, number>();
  /** The last query's terms and matching positions: typing narrows, so the next query scans only these. */
  private last: { terms: string[]; hits: number[] } | null = null;

  get size(): number {
    return this.keys.length;
  }

  add(rows: readonly { key: string; text: string }[]): void {
    this.last = null;
    for (const r of rows) {
      const at = this.position.get(r.key);
      if (at !== undefined) this.texts[at] = r.text;
      else {
        this.position.set(r.key, this.keys.length);
        this.keys.push(r.key);
        this.texts.push(r.text);
      }
    }
  }

  /** Keys whose text holds every term of `query`; null for an empty query (no filtering). */
  search(query: string): Set<string> | null {
    const terms = parseQuery(query);
    if (terms.length === 0) return null;
    const { keys, texts } = this;
    // A text holding every new term also holds every old term each new term contains, so when
    // each old term is inside some new term (the user typed on), only the old hits can match.
    // A full scan of a term found nowhere reads all ~60M characters at 10k posts (bench).
    const narrowing = this.last?.terms.every((old) => terms.some((t) => t.includes(old)));
    const hits: number[] = [];
    if (narrowing && this.last) {
      for (const i of this.last.hits) if (matchesAll(texts[i] as string, terms)) hits.push(i);
    } else {
      for (let i = 0; i < texts.length; i++) if (matchesAll(texts[i] as string, terms)) hits.push(i);
    }
    this.last = { terms, hits };
    return new Set(hits.map((i) => keys[i] as string));
  }
}
