/** The toolbar popup: the newest saved posts, opened in the offline reader. */
import browser from 'webextension-polyfill';
import { countPosts, getImages, recentPosts } from '../../storage/posts';
import type { PostRow } from '../../storage/types';
import { formatDate, localize, t } from '../../shared/i18n';
import { h, mustGet } from '../shared/dom';

const LIMIT = 50;

async function main(): Promise<void> {
  localize(document);
  const list = mustGet<HTMLUListElement>('list');
  const status = mustGet<HTMLParagraphElement>('status');
  try {
    const [rows, total] = await Promise.all([recentPosts(LIMIT), countPosts()]);
    mustGet('count').textContent = total > 0 ? t('popupCount', total) : '';
    if (rows.length === 0) {
      status.textContent = t('popupEmpty');
      status.hidden = false;
      return;
    }
    const thumbs = await getImages(rows.map((r) => r.thumbnail).filter(Boolean));
    list.replaceChildren(...rows.map((r) => renderRow(r, thumbs.get(r.thumbnail))));
  } catch (e) {
    status.textContent = t('loadError', e instanceof Error ? e.message : String(e));
    status.hidden = false;
  }
}

function renderRow(row: PostRow, thumb: Blob | undefined): HTMLLIElement {
  const img = thumb ? h('img', { class: 'post-thumb', alt: '', src: URL.createObjectURL(thumb) }) : h('span', { class: 'post-thumb' });
  const open = h(
    'button',
    { class: 'post-open', type: 'button', 'data-key': row.key, 'aria-label': t('openReaderAria', row.title) },
    img,
    h('span', { class: 'post-text' }, h('span', { class: 'post-title' }, row.title), h('span', { class: 'post-sub muted' }, `${row.author} · ${formatDate(row.meta.createdAt)}`)),
  );
  open.addEventListener('click', () => void openReader(row.key));
  const original = h('a', { class: 'post-original', href: row.meta.url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t('openOriginalAria') }, t('openOriginal'));
  return h('li', { class: 'post-row' }, open, original);
}

async function openReader(key: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(`src/ui/reader/reader.html#${encodeURIComponent(key)}`) });
  window.close();
}

void main();
