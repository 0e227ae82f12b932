/** One row of the library list. Titles and authors are text nodes: no HTML in lists (docs/threats.md §3.2). */
import { t } from '../../shared/i18n';
import { listDate, listNumber } from '../shared/format';
import type { PostKey, PostRow } from '../../storage/types';
import type { ZhihuState } from '../../storage/watch-types';
import { h } from '../shared/dom';
import { readerUrl } from '../shared/links';
import { kindLabel, stateBadges, zhihuBadge } from '../shared/post-facts';
import { thumbUrl } from '../shared/thumbs';

export interface RowContext {
  selected: ReadonlySet<PostKey>;
  tags: ReadonlyMap<PostKey, readonly string[]>;
  zhihu: ReadonlyMap<PostKey, ZhihuState>;
  onToggle(key: PostKey, index: number, shift: boolean): void;
}

export function renderRow(key: PostKey, row: PostRow | undefined, index: number, ctx: RowContext): HTMLElement {
  const li = h('li', { class: 'lib-row', 'data-key': key });
  if (!row) {
    li.classList.add('lib-row-loading');
    li.append(h('span', { class: 'muted' }, t('loading')));
    return li;
  }
  const checked = ctx.selected.has(key);
  const box = h('input', { type: 'checkbox', class: 'lib-check', 'aria-label': t('selectPostAria', row.title) });
  box.checked = checked;
  box.addEventListener('click', (ev) => ctx.onToggle(key, index, ev.shiftKey));
  if (checked) li.classList.add('is-selected');
  const src = thumbUrl(row.thumbnail);
  const thumb = src ? h('img', { class: 'lib-thumb', alt: '', src }) : h('span', { class: 'lib-thumb lib-thumb-empty', 'aria-hidden': 'true' });
  const sub = [row.author, kindLabel(row), t('createdAt', listDate(row.meta.createdAt)), t('savedAt', listDate(row.meta.savedAt))];
  if (row.meta.voteCount !== null) sub.push(t('votes', listNumber(row.meta.voteCount)));
  const chips = [...zhihuBadge(ctx.zhihu.get(key)), ...stateBadges(row), ...(ctx.tags.get(key) ?? []).map((tag) => h('span', { class: 'chip chip-tag' }, tag))];
  li.append(
    box,
    thumb,
    h(
      'div',
      { class: 'lib-text' },
      h('a', { class: 'lib-title', href: readerUrl(key) }, row.title || t('untitled')),
      h('span', { class: 'lib-sub muted' }, sub.filter(Boolean).join(' · ')),
      h('span', { class: 'lib-excerpt muted' }, row.meta.excerpt),
    ),
    h('div', { class: 'lib-chips' }, ...chips),
  );
  return li;
}
