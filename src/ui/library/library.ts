/**
 * The library tab. Order of work, by docs/performance-notes.md §2.2 and §3: the newest rows, read by
 * index in one request, first (first paint, whatever the library's size); then the whole key order;
 * then, in the background and in chunks, the search signatures and all light rows (filters, suggestions).
 */
import { formatNumber, localize, t } from '../../shared/i18n';
import type { PostKey } from '../../storage/types';
import { mustGet } from '../shared/dom';
import { thumbUrls } from '../shared/thumbs';
import { Selection } from './bulk';
import { LibraryModel } from './model';
import { renderRow } from './row';
import { fillSuggestions, fillTags, readFilters, checkDayInputs } from './toolbar';
import { VirtualList } from './virtual-list';
import type { WatchPanel } from './watch-panel';
import { requestPersistentStorage } from '../shared/persist';
import { mountSiteNav } from '../shared/site-nav';

const ROW_HEIGHT = 76;
/** Rows read for the first paint: a tall window's screen and the list's margin. */
const FIRST_ROWS = 40;
/** Keys read next (~10 ms), so a query typed at once has that many newest posts to search while the rest are read. */
const RECENT_KEYS = 5_000;
const model = new LibraryModel();
let list: VirtualList;
let selection: Selection;
let watch: WatchPanel | undefined;

async function main(): Promise<void> {
  localize(document);
  mountSiteNav('library');
  requestPersistentStorage();
  document.title = `${t('libraryTitle')} - ${t('extName')}`;
  const search = mustGet<HTMLInputElement>('search');
  search.placeholder = t('searchPlaceholder');
  search.setAttribute('aria-label', t('searchPlaceholder'));
  mustGet<HTMLInputElement>('tag-input').placeholder = t('tagPlaceholder');
  search.value = new URLSearchParams(location.hash.slice(1)).get('q') ?? '';
  model.query = search.value;
  selection = new Selection({
    keys: () => model.keys,
    changed: () => {
      list?.refresh();
      watch?.selectionChanged();
    },
    afterDelete: async (keys) => {
      model.forget(keys);
      await model.reloadOrders();
      await show(true);
    },
    // Restored posts have no signature in memory, so every query checks their texts: still exact.
    afterRestore: async () => {
      await model.loadAnnotations();
      await model.reloadOrders();
      await show(true);
    },
    afterTag: refreshTags,
  });
  list = new VirtualList({
    scroller: mustGet('list'),
    rowHeight: ROW_HEIGHT,
    render: (i) => {
      const key = model.keys[i] as PostKey;
      return renderRow(key, model.rows.get(key), i, { selected: selection.keys, tags: model.tags, zhihu: model.zhihu, onToggle: (k, idx, shift) => selection.toggle(k, idx, shift) });
    },
    onRange: (first, last) => void fetchRange(first, last),
  });
  try {
    // The first paint needs only raw reads (library-raw.ts); the tags' chips (a Dexie read) follow it.
    await model.loadHead(FIRST_ROWS);
    await thumbUrls([...model.rows.values()].map((r) => r.thumbnail));
    await show();
    requestAnimationFrame(() => performance.mark('zo-library-first-rows'));
    // A query typed now searches the newest rows, then the whole order once it is read.
    wireInputs(search);
    await model.loadRecent(RECENT_KEYS);
    await show(true);
    await model.loadOrder();
    await show(true);
    // What needs Dexie loads after that: the first screen and the order are read with raw IndexedDB.
    await Promise.all([model.loadAnnotations(), model.loadZhihuStates()]);
    list.refresh();
    void import('../shared/parked-saves').then((m) => m.showParkedSaves(mustGet('parked')));
    void import('./batch-panel').then((m) => new m.BatchPanel(mustGet('batches')).refresh());
    void import('./watch-panel').then((m) => {
      watch = new m.WatchPanel(mustGet('watch'), { selection: () => [...selection.keys], statesChanged: refreshZhihuStates });
      void watch.refresh();
    });
    void import('./sync-panel').then((m) => new m.SyncPanel(mustGet('sync'), reloadList).refresh());
    await loadInBackground();
  } catch (e) {
    const { showRecovery } = await import('../shared/recovery');
    if (!showRecovery(e)) progress(t('loadError', e instanceof Error ? e.message : String(e)));
  }
}

/** Rows in view that are not loaded yet: one bulkGet, then one re-render. */
let fetching = false;
async function fetchRange(first: number, last: number): Promise<void> {
  const keys = model.keys.slice(first, last).filter((k) => !model.rows.has(k));
  if (!keys.length || fetching) return;
  fetching = true;
  try {
    await model.ensureRows(keys);
    await thumbUrls(keys.map((k) => model.rows.get(k)?.thumbnail ?? ''));
  } finally {
    fetching = false;
  }
  list.refresh();
}

async function loadInBackground(): Promise<void> {
  await model.loadSignatures((done, total) => progress(t('loadingIndex', formatNumber(done), formatNumber(total))));
  await model.loadAllRows((done, total) => progress(t('loadingRows', formatNumber(done), formatNumber(total))));
  fillSuggestions(model.rows.values());
  fillTags(await (await import('../../storage/library')).allTags(), mustGet<HTMLSelectElement>('filters').querySelector('select[name="tag"]') as HTMLSelectElement);
  progress('');
  await show(true);
  // Search and filters are complete from here on (tests and the bench wait for this).
  document.documentElement.dataset.loaded = 'true';
}

function wireInputs(search: HTMLInputElement): void {
  // Every keystroke searches: a query costs ≤ 50 ms at 10k (bench), so no debounce is needed.
  search.addEventListener('input', () => {
    model.query = search.value;
    history.replaceState(null, '', search.value ? `#q=${encodeURIComponent(search.value)}` : location.pathname);
    void show();
  });
  const form = mustGet<HTMLFormElement>('filters');
  const apply = async (): Promise<void> => {
    checkDayInputs(form, t('dateInvalid'));
    const { filters, sort } = readFilters(form);
    model.filters = filters;
    model.sort = sort;
    await model.loadOrder();
    await show();
  };
  form.addEventListener('change', () => void apply());
  form.addEventListener('input', () => void apply());
  form.addEventListener('reset', () => setTimeout(() => void apply(), 0));
  form.addEventListener('submit', (e) => e.preventDefault());
  // `/` goes to the search box, as on most sites with one; not while typing in a field.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const target = e.target;
    if (target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select'))) return;
    e.preventDefault();
    search.focus();
    search.select();
  });
}

/** A check of the watch moved on (issue #17): chips, the 知乎上 filter and the sort by it follow. */
async function refreshZhihuStates(): Promise<void> {
  await model.loadZhihuStates();
  // An edited post was saved again: its row (savedAt, revision count) is read afresh.
  await model.reloadRows([...model.zhihu].flatMap(([k, s]) => (s === 'edited' ? [k] : [])));
  await model.loadOrder();
  await show(true);
}

/**
 * A sync brought posts, or took some away (issue #16): the page is opened again, so its list, tags, search
 * texts and filters are all read afresh (what the sync did stays in its panel, from storage).
 */
async function reloadList(): Promise<void> {
  location.reload();
  await new Promise(() => undefined);
}

async function refreshTags(): Promise<void> {
  await model.loadAnnotations();
  fillTags(await (await import('../../storage/library')).allTags(), mustGet<HTMLFormElement>('filters').querySelector('select[name="tag"]') as HTMLSelectElement);
  await show(true);
}

let shownCount = 0;

/**
 * Recomputes the view and draws it once its first screen is known; keeps the scroll position for
 * in-place changes. A query's later hits are drawn as they are found (keeping the scroll).
 */
async function show(keepScroll = false): Promise<void> {
  if (await model.recompute(() => draw(true))) draw(keepScroll);
}

function draw(keepScroll: boolean): void {
  const n = model.keys.length;
  const total = model.total;
  const count = !model.searchDone ? t('countSearching', formatNumber(n), formatNumber(total)) : n === total ? t('popupCount', formatNumber(total)) : t('countFiltered', formatNumber(n), formatNumber(total));
  mustGet('count').textContent = count;
  document.documentElement.dataset.searchDone = String(model.searchDone);
  const empty = mustGet('empty');
  empty.hidden = n > 0 || model.pending || !model.searchDone;
  empty.textContent = total === 0 ? t('popupEmpty') : t('noResults');
  list.setCount(n, keepScroll);
  // The view of the current query, filters and sort is drawn, not waiting for data, with a screen of
  // hits or all of them (the bench and e2e wait on this).
  if (!model.pending && model.firstScreenFull) document.documentElement.dataset.shown = String(++shownCount);
  if (model.pending) progress(t('filterWaiting'));
}

function progress(text: string): void {
  mustGet('progress').textContent = text;
}

void main();
