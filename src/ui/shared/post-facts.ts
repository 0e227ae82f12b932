/** The short facts shown with a post in lists: kind, state badges. Text only. */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import type { PostRow } from '../../storage/types';
import { h } from './dom';

const KIND: Record<PostRow['meta']['kind'], MessageKey> = { answer: 'kindAnswer', article: 'kindArticle', pin: 'kindPin' };

export function kindLabel(row: PostRow): string {
  return t(KIND[row.meta.kind]);
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
