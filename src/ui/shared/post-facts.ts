/** The short facts shown with a post in lists: kind, state badges. Text only. */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import type { PostRow } from '../../storage/types';
import type { ZhihuState } from '../../storage/watch-types';
import { zhihuStateLabel } from '../../shared/zhihu-state-text';
import { h } from './dom';

const KIND: Record<PostRow['meta']['kind'], MessageKey> = { answer: 'kindAnswer', article: 'kindArticle', pin: 'kindPin' };

export function kindLabel(row: PostRow): string {
  return t(KIND[row.meta.kind]);
}

/**
 * What the watch last saw on Zhihu (issue #17), when it is news: a post still visible there gets no label.
 * `data-zo-zhihu` lets tests and styles find it.
 */
export function zhihuBadge(state: ZhihuState | undefined): HTMLElement[] {
  if (!state || state === 'visible') return [];
  const cls = state === 'edited' ? 'chip chip-zhihu' : 'chip chip-warn chip-zhihu';
  return [h('span', { class: cls, 'data-zo-zhihu': state }, zhihuStateLabel(state))];
}

/** Small labels for what needs attention: incomplete body, images missing, edits kept. */
export function stateBadges(row: PostRow): HTMLElement[] {
  const m = row.meta;
  const out: HTMLElement[] = [];
  if (!m.complete) out.push(h('span', { class: 'chip chip-warn' }, t('badgeIncomplete')));
  if (m.missingImages.length) out.push(h('span', { class: 'chip chip-warn' }, t('badgeMissingImages', m.missingImages.length)));
  if ((m.revisionCount ?? 0) > 0) out.push(h('span', { class: 'chip' }, t('badgeRevisions', m.revisionCount ?? 0)));
  return out;
}
