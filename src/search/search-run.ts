/**
 * One query's exact search over candidates in display order (issue #18). The texts are not held
 * in memory (600 MB at 50,000 posts): each candidate's text is read from IndexedDB in chunks and
 * checked with `includes` (query.ts), so the hits are exact and come in display order. The page
 * draws the first screen as soon as it is found and lets the rest, and the count, follow.
 */
import { matchesAll } from './query';

/**
 * Waits for an idle moment of the page (a timer where there is no requestIdleCallback, as in Node).
 * Checking a query found everywhere reads every text (600 MB at 50,000 posts): read 100 at a time
 * with a pause like this between, the garbage is collected as it goes (peak 136 MB of heap at 50k);
 * 500 at a time with only a zero timer between, the heap reached 426 MB before a collection.
 */
export function idleMoment(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 50 });
    else setTimeout(resolve, 0);
  });
}

/** Candidates checked per read after the first screen: see idleMoment. */
export const REST_CHUNK = 100;

/** The search texts of `keys`, in the same order; undefined for a post that is gone. */
export type ReadTexts = (keys: readonly string[]) => Promise<readonly (string | undefined)[]>;

export class SearchRun<K extends string = string> {
  readonly hits: K[] = [];
  private at = 0;

  constructor(
    readonly terms: readonly string[],
    private readonly candidates: readonly K[],
    private readonly read: ReadTexts,
  ) {}

  get done(): boolean {
    return this.at >= this.candidates.length;
  }

  /** Checks the next `count` candidates. */
  async step(count: number): Promise<void> {
    const keys = this.candidates.slice(this.at, this.at + count);
    this.at += keys.length;
    if (!keys.length) return;
    const texts = await this.read(keys);
    keys.forEach((k, i) => {
      const text = texts[i];
      if (text !== undefined && matchesAll(text, this.terms)) this.hits.push(k);
    });
  }

  /**
   * Checks candidates in growing chunks until `wanted` hits are found or none are left: the first
   * screen. Chunks double from 64 so a common word costs one small read and a rare one few reads.
   */
  async firstHits(wanted: number): Promise<void> {
    for (let chunk = 64; !this.done && this.hits.length < wanted; chunk = Math.min(chunk * 2, 256)) await this.step(chunk);
  }

  /** Checks every remaining candidate, `pause` between chunks; stops early when `cancelled`. */
  async rest(chunk: number, pause: () => Promise<boolean>): Promise<boolean> {
    while (!this.done) {
      await this.step(chunk);
      if (!(await pause())) return false;
    }
    return true;
  }
}
