/** One post in the popup: thumbnail, title, author, date, and what needs attention. */
import { t } from '../../shared/i18n';
import { listDate } from '../shared/format';
import type { PostRow } from '../../storage/types';
import type { ZhihuState } from '../../storage/watch-types';
import { h } from '../shared/dom';
import { readerUrl } from '../shared/links';
import { stateBadges, zhihuBadge } from '../shared/post-facts';
import { thumbUrl } from '../shared/thumbs';

export function renderPopupRow(row: PostRow, zhihu: ZhihuState | undefined): HTMLLIElement {
  const src = thumbUrl(row.thumbnail);
  const img = src ? h('img', { class: 'post-thumb', alt: '', src }) : h('span', { class: 'post-thumb' });
  const open = h(
    'button',
    { class: 'post-open', type: 'button', 'data-key': row.key, 'aria-label': t('openReaderAria', row.title) },
    img,
    h(
      'span',
      { class: 'post-text' },
      h('span', { class: 'post-title' }, row.title),
      h('span', { class: 'post-sub muted' }, `${row.author} · ${listDate(row.meta.createdAt)}`, ...zhihuBadge(zhihu), ...stateBadges(row)),
    ),
  );
  open.addEventListener('click', () => {
    void chrome.tabs.create({ url: readerUrl(row.key) }).then(() => window.close());
  });
  const original = h('a', { class: 'post-original', href: row.meta.url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t('openOriginalAria') }, t('openOriginal'));
  return h('li', { class: 'post-row' }, open, original);
}
