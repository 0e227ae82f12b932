/**
 * The toolbar popup: the 20 newest posts, the total, an instant search and a link to the library.
 * First render reads only the stored counter and 20 rows by index (≤ 100 ms at 10k, bench);
 * the search texts load on the first keystroke, never at open (docs/performance-notes.md §3).
 */
import { formatNumber, localize, t } from '../../shared/i18n';
import { firstScreen, zhihuStatesOf } from '../../storage/library-raw';
import type { PostRow } from '../../storage/types';
import { mustGet } from '../shared/dom';
import { libraryUrl, openSettings, pageUrl } from '../shared/links';
import { thumbUrls } from '../shared/thumbs';
import { renderPopupRow } from './popup-row';
import { offerSavePage } from './save-page';
import { requestPersistentStorage } from '../shared/persist';
import { showRecovery } from '../shared/recovery';
import { showParkedSaves } from '../shared/parked-saves';

const LIMIT = 20;
// Where our own work starts; the bench splits page/script load from DB + render with it.
performance.mark('zo-popup-script');

async function main(): Promise<void> {
  localize(document);
  const search = mustGet<HTMLInputElement>('search');
  search.placeholder = t('searchPlaceholder');
  search.setAttribute('aria-label', t('searchPlaceholder'));
  mustGet<HTMLAnchorElement>('library').href = libraryUrl();
  mustGet<HTMLAnchorElement>('transfer').href = pageUrl('transfer');
  const settings = mustGet<HTMLAnchorElement>('settings');
  settings.href = pageUrl('settings');
  settings.addEventListener('click', (e) => {
    openSettings(e);
    if (e.defaultPrevented) window.close();
  });
  try {
    const { rows, total } = await firstScreen(LIMIT);
    mustGet('count').textContent = total > 0 ? t('popupCount', formatNumber(total)) : '';
    await showRows(rows, t('popupEmpty'));
    requestAnimationFrame(() => performance.mark('zo-popup-first-rows'));
    requestPersistentStorage();
    void showParkedSaves(mustGet('parked'));
    search.addEventListener('input', () => void onSearch(search.value, rows, total));
    void offerSavePage(() => void refresh());
  } catch (e) {
    if (!showRecovery(e)) showStatus(t('loadError', e instanceof Error ? e.message : String(e)));
  }
}

async function refresh(): Promise<void> {
  const { rows, total } = await firstScreen(LIMIT);
  mustGet('count').textContent = t('popupCount', formatNumber(total));
  if (!mustGet<HTMLInputElement>('search').value) await showRows(rows, t('popupEmpty'));
}

let latest = '';
async function onSearch(query: string, recent: PostRow[], total: number): Promise<void> {
  latest = query;
  if (!query.trim()) {
    await showRows(recent, t('popupEmpty'));
    return;
  }
  const { searchPosts } = await import('./popup-search');
  const { rows, count } = await searchPosts(query, LIMIT, total, (text) => showStatus(text), () => latest !== query);
  if (latest !== query) return;
  await showRows(rows, t('noResults'));
  const hits = await count;
  if (latest === query && hits !== null && hits > LIMIT) showStatus(t('moreInLibrary', formatNumber(hits)), libraryUrl(query));
}

async function showRows(rows: PostRow[], emptyText: string): Promise<void> {
  const [zhihu] = await Promise.all([zhihuStatesOf(rows.map((r) => r.key)), thumbUrls(rows.map((r) => r.thumbnail))]);
  mustGet('list').replaceChildren(...rows.map((r) => renderPopupRow(r, zhihu.get(r.key))));
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
