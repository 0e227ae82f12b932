/** The reader's header: title, author with avatar, times, votes, topics and the original link. */
import { formatDate, formatNumber, t } from '../../shared/i18n';
import type { FullPost } from '../../storage/types';
import { h, mustGet } from '../shared/dom';

export function renderHeader(post: FullPost, avatar: Blob | undefined): void {
  const m = post.meta;
  mustGet('title').textContent = post.title;
  const pic = avatar
    ? h('img', { class: 'avatar', alt: '', src: URL.createObjectURL(avatar) })
    : h('span', { class: 'avatar avatar-letter', 'aria-hidden': 'true' }, [...(post.author || '?')][0] ?? '?');
  const byline = h('strong', { id: 'byline' }, t(m.kind === 'article' ? 'articleBy' : 'answerBy', post.author));
  const who = h('div', { class: 'byline-who' }, byline, m.authorInfo.headline ? h('span', { class: 'muted headline' }, m.authorInfo.headline) : null);
  const safeProfile = /^https:\/\/www\.zhihu\.com\/people\//.test(m.authorInfo.url);
  mustGet('author').replaceChildren(safeProfile ? h('a', { href: m.authorInfo.url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t('authorProfileAria', post.author) }, pic) : pic, who);

  const facts: string[] = [];
  if (m.createdAt !== null) facts.push(t('createdAt', formatDate(m.createdAt)));
  if (m.updatedAt !== null && m.createdAt !== null && m.updatedAt - m.createdAt > 60_000) facts.push(t('editedAt', formatDate(m.updatedAt)));
  if (m.voteCount !== null) facts.push(t('votes', formatNumber(m.voteCount)));
  facts.push(t('savedAt', formatDate(m.savedAt)));
  mustGet('dates').textContent = facts.join(' · ');
  mustGet('topics').replaceChildren(...m.topics.map((x) => h('span', { class: 'chip' }, x)));
  const original = mustGet<HTMLAnchorElement>('original');
  original.href = m.url;
  original.textContent = t('openOriginalLong');
}
