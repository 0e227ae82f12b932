/**
 * What the library shows: keys in index order, narrowed by search and filters. The first
 * screen needs only the newest rows (one read by index, ≤ 100 ms at 50,000 posts); the whole key
 * order, all rows and the search signatures arrive later, in chunks, after first paint
 * (docs/performance-notes.md §2.2: no getAll at open). A query is answered from the signatures and
 * the candidates' texts read from IndexedDB (search-run.ts): first screen first, the rest after.
 */
import { isFiltering, makePredicate, NO_FILTERS, type Filters } from '../../search/filter';
import { parseQuery } from '../../search/query';
import { idleMoment, REST_CHUNK, SearchRun } from '../../search/search-run';
import { termGrams } from '../../search/signature';
import { SignatureIndex } from '../../search/signature-index';
import { sortedBy } from '../../search/sort';
import { firstScreen, newestKeys, orderedKeys, rowsOf, searchTexts, type SortField } from '../../storage/library-raw';
import type { PostKey, PostRow } from '../../storage/types';
import type { ZhihuState } from '../../storage/watch-types';

export type Progress = (done: number, total: number) => void;

/** The index orders, and the watch's: deleted, hidden, paid, edited, visible (newest change first), then the unchecked. */
export type LibrarySort = SortField | 'zhihuState';

/** Hits to find before the first draw: a tall window's screen of rows (76 px each). */
const SCREEN = 24;

export class LibraryModel {
  sort: LibrarySort = 'savedAt';
  query = '';
  filters: Filters = NO_FILTERS;
  readonly rows = new Map<PostKey, PostRow>();
  readonly tags = new Map<PostKey, string[]>();
  /** Each checked post's Zhihu state (issue #17): small rows, loaded after first paint like the tags. */
  readonly zhihu = new Map<PostKey, ZhihuState>();
  readonly sigs = new SignatureIndex();
  rowsLoaded = false;
  sigsLoaded = false;
  /** False while a query's hits after the first screen are still being checked. */
  searchDone = true;
  private readonly orders = new Map<LibrarySort, PostKey[]>();
  /** The newest keys, read before the whole order (a prefix of it): what the list shows and a query searches meanwhile. */
  private head: PostKey[] = [];
  private storedTotal = 0;
  private view: readonly PostKey[] = [];
  private generation = 0;
  /** The last finished query, in any order: typing on narrows, so the next query checks only these. */
  private last: { terms: string[]; hits: Set<PostKey> } | null = null;

  get keys(): readonly PostKey[] {
    return this.view;
  }

  get total(): number {
    return this.orders.get('savedAt')?.length ?? this.storedTotal;
  }

  /** A query has found a screen of hits, or all of them. */
  get firstScreenFull(): boolean {
    return this.searchDone || this.view.length >= SCREEN;
  }

  /** True while filters wait for rows that are still loading. */
  get pending(): boolean {
    return isFiltering(this.filters) && !this.rowsLoaded;
  }

  /** The first screen: the newest `limit` rows and the stored count, in one read. */
  async loadHead(limit: number): Promise<void> {
    const { rows, total } = await firstScreen(limit);
    for (const r of rows) this.rows.set(r.key, r);
    this.head = rows.map((r) => r.key);
    this.storedTotal = total;
  }

  /** The newest `count` keys (the start of the saved order), where the browser reads them in one short request. */
  async loadRecent(count: number): Promise<void> {
    const keys = await newestKeys(count);
    if (keys && keys.length > this.head.length) this.head = keys;
  }

  async loadOrder(): Promise<void> {
    if (this.orders.has(this.sort)) return;
    if (this.sort === 'zhihuState') {
      this.orders.set(this.sort, await byZhihuState());
      return;
    }
    const bySaved = this.orders.get('savedAt');
    const inMemory = this.sort !== 'savedAt' && this.rowsLoaded && bySaved ? sortedBy(bySaved, this.rows, this.sort) : null;
    this.orders.set(this.sort, inMemory ?? (await orderedKeys(this.sort)));
  }

  /** After deletes or restores: orders are re-read (keys only), rows stay; the narrowing cache goes. */
  async reloadOrders(): Promise<void> {
    this.orders.clear();
    this.last = null;
    await this.loadOrder();
  }

  forget(keys: readonly PostKey[]): void {
    for (const k of keys) {
      this.rows.delete(k);
      this.tags.delete(k);
    }
    this.sigs.delete(keys);
  }

  async ensureRows(keys: readonly PostKey[]): Promise<void> {
    const missing = keys.filter((k) => !this.rows.has(k));
    if (!missing.length) return;
    for (const r of await rowsOf(missing)) this.rows.set(r.key, r);
  }

  /** After first paint, and after a check moved on: the states, and the order that depends on them. */
  async loadZhihuStates(): Promise<void> {
    const { allZhihuStates } = await import('../../storage/watch');
    this.zhihu.clear();
    for (const s of await allZhihuStates()) this.zhihu.set(s.key, s.state);
    this.orders.delete('zhihuState');
  }

  /** Rows read afresh (a post the watch saved again has a new savedAt and revision count). */
  async reloadRows(keys: readonly PostKey[]): Promise<void> {
    for (const r of await rowsOf(keys)) this.rows.set(r.key, r);
  }

  async loadAnnotations(): Promise<void> {
    this.tags.clear();
    const { allAnnotations } = await import('../../storage/library');
    for (const a of await allAnnotations()) if (a.tags.length) this.tags.set(a.key, a.tags);
  }

  async loadAllRows(progress: Progress): Promise<void> {
    let done = 0;
    const { readAllRows } = await import('../../storage/library');
    await readAllRows(async (rows) => {
      for (const r of rows) this.rows.set(r.key, r);
      done += rows.length;
      progress(done, this.total);
      await idle();
    });
    this.rowsLoaded = true;
  }

  async loadSignatures(progress: Progress): Promise<void> {
    let done = 0;
    const { loadSignatures } = await import('../../storage/signatures');
    await loadSignatures(async (rows) => {
      this.sigs.set(rows);
      done += rows.length;
      progress(done, this.total);
      await idle();
    });
    this.sigsLoaded = true;
  }

  /**
   * Applies sort, filters and the query. Resolves once the first screen is known (true), or false
   * when a newer call superseded this one; `more` is then called as further hits are found, last
   * with searchDone true. Measured as `zo-search` (time to the first screen's hits).
   */
  async recompute(more: () => void): Promise<boolean> {
    const generation = ++this.generation;
    const t0 = performance.now();
    const order = this.orders.get(this.sort) ?? (this.sort === 'savedAt' ? this.head : []);
    let keys: readonly PostKey[] = order;
    if (isFiltering(this.filters) && this.rowsLoaded) {
      const keep = makePredicate(this.filters, (k) => this.tags.get(k) ?? [], (k) => this.zhihu.get(k));
      keys = keys.filter((k) => {
        const r = this.rows.get(k);
        return r !== undefined && keep(r);
      });
    }
    // Hits over the whole order, unfiltered, can narrow the next query whatever its filters.
    const cacheable = keys === order && this.orders.has(this.sort);
    const terms = parseQuery(this.query);
    if (!terms.length) {
      this.view = keys;
      this.searchDone = true;
      return true;
    }
    // A text holding every new term also holds every old term each new term contains, so when each
    // old term is inside some new term (the user typed on), only the old hits can match.
    const last = this.last;
    if (last && last.terms.every((old) => terms.some((t) => t.includes(old)))) keys = keys.filter((k) => last.hits.has(k));
    const run = new SearchRun(terms, this.sigs.candidates(keys, termGrams(terms)), searchTexts);
    this.searchDone = false;
    await run.firstHits(SCREEN);
    if (generation !== this.generation) return false;
    this.view = [...run.hits];
    // Over the newest rows only (the whole order is still being read), a finished run is not the answer.
    const whole = this.orders.has(this.sort);
    this.searchDone = run.done && whole;
    performance.measure('zo-search', { start: t0, end: performance.now() });
    if (!run.done) void this.finish(run, generation, cacheable, whole, more);
    else if (cacheable) this.last = { terms, hits: new Set(run.hits) };
    return true;
  }

  private async finish(run: SearchRun<PostKey>, generation: number, cacheable: boolean, whole: boolean, more: () => void): Promise<void> {
    const current = async (): Promise<boolean> => {
      await idleMoment();
      if (generation !== this.generation) return false;
      this.view = [...run.hits];
      more();
      return true;
    };
    const complete = await run.rest(REST_CHUNK, current);
    if (!complete || generation !== this.generation) return;
    this.searchDone = whole;
    if (cacheable) this.last = { terms: [...run.terms], hits: new Set(run.hits) };
    more();
  }
}

async function byZhihuState(): Promise<PostKey[]> {
  const { keysByZhihuState } = await import('../../storage/watch');
  const checked = await keysByZhihuState();
  const seen = new Set(checked);
  return checked.concat((await orderedKeys('savedAt')).filter((k) => !seen.has(k)));
}

/** Lets the page paint and handle input between chunks. */
function idle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
