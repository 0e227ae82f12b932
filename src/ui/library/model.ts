/**
 * What the library shows: keys in index order, narrowed by search and filters. The first
 * screen needs only keys (from an index) and the rows on screen; all rows and all search texts
 * arrive later, in chunks, after first paint (docs/performance-notes.md §2.2: no getAll at open).
 */
import { isFiltering, makePredicate, NO_FILTERS, type Filters } from '../../search/filter';
import { TextIndex } from '../../search/text-index';
import { allAnnotations, getRows, readAllRows, readAllTexts } from '../../storage/library';
import { orderedKeys, type SortField } from '../../storage/library-raw';
import type { PostKey, PostRow } from '../../storage/types';
import { allZhihuStates, keysByZhihuState } from '../../storage/watch';
import type { ZhihuState } from '../../storage/watch-types';

export type Progress = (done: number, total: number) => void;

/** The index orders, and the watch's: deleted, hidden, paid, edited, visible (newest change first), then the unchecked. */
export type LibrarySort = SortField | 'zhihuState';

export class LibraryModel {
  sort: LibrarySort = 'savedAt';
  query = '';
  filters: Filters = NO_FILTERS;
  readonly rows = new Map<PostKey, PostRow>();
  readonly tags = new Map<PostKey, string[]>();
  /** Each checked post's Zhihu state (issue #17): small rows, loaded at open like the tags. */
  readonly zhihu = new Map<PostKey, ZhihuState>();
  readonly index = new TextIndex();
  rowsLoaded = false;
  textsLoaded = false;
  private readonly orders = new Map<LibrarySort, PostKey[]>();
  private view: PostKey[] = [];

  get keys(): readonly PostKey[] {
    return this.view;
  }

  get total(): number {
    return this.orders.get('savedAt')?.length ?? 0;
  }

  /** True while a query or filter waits for data that is still loading. */
  get pending(): boolean {
    return (this.query.trim() !== '' && !this.textsLoaded) || (isFiltering(this.filters) && !this.rowsLoaded);
  }

  async loadOrder(): Promise<void> {
    if (!this.orders.has(this.sort)) this.orders.set(this.sort, this.sort === 'zhihuState' ? await byZhihuState() : await orderedKeys(this.sort));
    this.recompute();
  }

  /** After deletes or restores: orders are re-read (keys only), rows and texts stay. */
  async reloadOrders(): Promise<void> {
    this.orders.clear();
    await this.loadOrder();
  }

  forget(keys: readonly PostKey[]): void {
    for (const k of keys) {
      this.rows.delete(k);
      this.tags.delete(k);
    }
  }

  async ensureRows(keys: readonly PostKey[]): Promise<void> {
    const missing = keys.filter((k) => !this.rows.has(k));
    if (!missing.length) return;
    for (const [k, r] of await getRows(missing)) this.rows.set(k, r);
  }

  /** At open, and after a check moved on: the states, and the order that depends on them. */
  async loadZhihuStates(): Promise<void> {
    this.zhihu.clear();
    for (const s of await allZhihuStates()) this.zhihu.set(s.key, s.state);
    this.orders.delete('zhihuState');
  }

  async reloadRows(keys: readonly PostKey[]): Promise<void> {
    for (const [k, r] of await getRows(keys)) this.rows.set(k, r);
  }

  async loadAnnotations(): Promise<void> {
    this.tags.clear();
    for (const a of await allAnnotations()) if (a.tags.length) this.tags.set(a.key, a.tags);
  }

  async loadAllRows(progress: Progress): Promise<void> {
    let done = 0;
    await readAllRows(async (rows) => {
      for (const r of rows) this.rows.set(r.key, r);
      done += rows.length;
      progress(done, this.total);
      await idle();
    });
    this.rowsLoaded = true;
  }

  async loadTexts(progress: Progress): Promise<void> {
    let done = 0;
    await readAllTexts(async (rows) => {
      this.index.add(rows);
      done += rows.length;
      progress(done, this.total);
      await idle();
    });
    this.textsLoaded = true;
  }

  /** Applies sort, search and filters; synchronous and measured (`zo-search` in bench/scenarios/library.ts). */
  recompute(): void {
    const t0 = performance.now();
    let keys = this.orders.get(this.sort) ?? [];
    const hits = this.textsLoaded ? this.index.search(this.query) : null;
    if (hits) keys = keys.filter((k) => hits.has(k));
    if (isFiltering(this.filters) && this.rowsLoaded) {
      const keep = makePredicate(this.filters, (k) => this.tags.get(k) ?? [], (k) => this.zhihu.get(k));
      keys = keys.filter((k) => {
        const r = this.rows.get(k);
        return r !== undefined && keep(r);
      });
    }
    this.view = keys;
    if (this.query) performance.measure('zo-search', { start: t0, end: performance.now() });
  }
}

async function byZhihuState(): Promise<PostKey[]> {
  const checked = await keysByZhihuState();
  const seen = new Set(checked);
  return checked.concat((await orderedKeys('savedAt')).filter((k) => !seen.has(k)));
}

/** Lets the page paint and handle input between chunks. */
function idle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
