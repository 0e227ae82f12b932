/**
 * The toolbar popup: the 20 newest posts, the total, an instant search and a link to the library.
 * First render reads only the stored counter and 20 rows by index (≤ 100 ms at 10k, bench);
 * the search texts load on the first keystroke, never at open (perf-limits.md).
 */
import { formatNumber, localize, t } from '../../shared/i18n';
import { getRows, orderedKeys, readAllTexts } from '../../storage/library';
import { countPosts, recentPosts } from '../../storage/posts';
import type { PostKey, PostRow } from '../../storage/types';
import { TextIndex } from '../../search/text-index';
import { mustGet } from '../shared/dom';
import { libraryUrl } from '../shared/links';
import { thumbUrls } from '../shared/thumbs';
import { renderPopupRow } from './popup-row';
import { offerSavePage } from './save-page';

const LIMIT = 20;

async function main(): Promise<void> {
  localize(document);
  const search = mustGet<HTMLInputElement>('search');
  search.placeholder = t('searchPlaceholder');
  search.setAttribute('aria-label', t('searchPlaceholder'));
  mustGet<HTMLAnchorElement>('library').href = libraryUrl();
  try {
    const [rows, total] = await Promise.all([recentPosts(LIMIT), countPosts()]);
    mustGet('count').textContent = total > 0 ? t('popupCount', formatNumber(total)) : '';
    await showRows(rows, t('popupEmpty'));
    requestAnimationFrame(() => performance.mark('zo-popup-first-rows'));
    search.addEventListener('input', () => void onSearch(search.value, rows));
    void offerSavePage(() => void refresh());
  } catch (e) {
    showStatus(t('loadError', e instanceof Error ? e.message : String(e)));
  }
}

async function refresh(): Promise<void> {
  const [rows, total] = await Promise.all([recentPosts(LIMIT), countPosts()]);
  mustGet('count').textContent = t('popupCount', formatNumber(total));
  if (!mustGet<HTMLInputElement>('search').value) await showRows(rows, t('popupEmpty'));
}

let index: Promise<{ index: TextIndex; order: PostKey[] }> | null = null;

/** Loads the search texts once, on first use, with progress (≈1 s at 10k posts). */
function loadIndex(): Promise<{ index: TextIndex; order: PostKey[] }> {
  index ??= (async () => {
    const idx = new TextIndex();
    const total = await countPosts();
    await readAllTexts((chunk) => {
      idx.add(chunk);
      showStatus(t('loadingIndex', formatNumber(idx.size), formatNumber(total)));
    });
    return { index: idx, order: await orderedKeys('savedAt') };
  })();
  return index;
}

let latest = '';
async function onSearch(query: string, recent: PostRow[]): Promise<void> {
  latest = query;
  if (!query.trim()) {
    await showRows(recent, t('popupEmpty'));
    return;
  }
  const { index: idx, order } = await loadIndex();
  if (latest !== query) return;
  const hits = idx.search(query) ?? new Set<string>();
  const keys = order.filter((k) => hits.has(k));
  const rows = await getRows(keys.slice(0, LIMIT));
  if (latest !== query) return;
  await showRows(keys.slice(0, LIMIT).flatMap((k) => rows.get(k) ?? []), t('noResults'));
  if (keys.length > LIMIT) showStatus(t('moreInLibrary', formatNumber(keys.length)), libraryUrl(query));
}

async function showRows(rows: PostRow[], emptyText: string): Promise<void> {
  await thumbUrls(rows.map((r) => r.thumbnail));
  mustGet('list').replaceChildren(...rows.map(renderPopupRow));
  if (rows.length) mustGet('status').hidden = true;
  else showStatus(emptyText);
}

function showStatus(text: string, link?: string): void {
  const status = mustGet('status');
  status.replaceChildren(text);
  if (link) {
    const a = document.createElement('a');
    a.href = link;
    a.target = '_blank';
    a.textContent = t('openLibrary');
    status.append(' ', a);
  }
  status.hidden = false;
}

void main();
