/**
 * The post's saved comments under it (issue #17): threaded (each root with its replies), the first 20
 * threads shown and the rest behind a button (and a thread's replies past 20 likewise), built only when
 * opened or searched, and a find box
 * that shows only the comments holding the phrase typed, opening what was collapsed. Comment HTML is
 * Zhihu's, untrusted: it goes through the one sanitizer, and its images, never saved, become a note.
 */
import { threadsOf } from '../../export/comments';
import { MessageError, send } from '../../messaging/client';
import { ERROR_TEXT } from '../../shared/error-text';
import { formatDate, formatNumber, t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { getComments } from '../../storage/comments';
import type { CommentItem, CommentReason, CommentThread, PostKey } from '../../storage/types';
import { safeLinkUrl, type Sanitize } from '../sanitize/sanitizer';
import { h, mustGet } from '../shared/dom';
import { renderContent } from './render-content';

/** Threads (and replies of one thread) shown before the rest is collapsed. */
export const SHOWN = 20;

const REASON: Record<CommentReason, MessageKey> = {
  verify: 'commentReasonVerify',
  login: 'commentReasonLogin',
  network: 'commentReasonNetwork',
  server: 'commentReasonServer',
  unexpected: 'commentReasonUnexpected',
  interrupted: 'commentReasonInterrupted',
};

export function summaryText(thread: CommentThread): string {
  const total = formatNumber(thread.total ?? thread.kept);
  const kept = formatNumber(thread.kept);
  const reason = t(REASON[thread.reason ?? 'interrupted']);
  switch (thread.state) {
    case 'complete':
      return t('commentsComplete', total, kept);
    case 'capped':
      return t('commentsCapped', total, kept);
    case 'partial':
      return t('commentsPartial', reason, kept);
    case 'missing':
      return t('commentsMissing', reason);
    default:
      return t('commentsFetching', kept);
  }
}

export async function renderComments(key: PostKey, sanitize: Sanitize): Promise<void> {
  const thread = await getComments(key);
  const section = mustGet('comments');
  const fetchRow = fetchButton(key, thread !== null, () => renderComments(key, sanitize));
  section.hidden = false;
  if (!thread) {
    section.replaceChildren(h('h2', {}, t('commentsHeading')), h('p', { class: 'muted comments-summary', role: 'note' }, t('commentsNone')), fetchRow);
    return;
  }
  const pending: (() => void)[] = [];
  const threadItem = ({ root, replies }: { root: CommentItem; replies: CommentItem[] }): HTMLLIElement => {
    const item = comment(root, sanitize);
    if (replies.length) {
      const nested = h('ol', { class: 'replies' });
      item.append(nested);
      const more = lazyList(nested, replies, (r) => comment(r, sanitize), pending);
      if (more) item.append(more);
    }
    return item;
  };
  const list = h('ol', { class: 'comment-list' });
  const more = lazyList(list, threadsOf(thread.items), threadItem, pending);
  const summary = h('p', { class: 'muted comments-summary', role: 'note' }, summaryText(thread));
  const find = h('input', { type: 'search', id: 'comments-find', class: 'comments-find', autocomplete: 'off', placeholder: t('commentsFind'), 'aria-label': t('commentsFind') });
  const found = h('span', { class: 'muted comments-found', role: 'status' });
  const tools = thread.items.length ? h('div', { class: 'comments-tools' }, find, found, fetchRow) : h('div', { class: 'comments-tools' }, fetchRow);
  section.replaceChildren(h('h2', {}, t('commentsHeading')), summary, tools, ...(thread.items.length ? [list, ...(more ? [more] : [])] : []));
  find.addEventListener('input', () => {
    // Everything is searched: what is still collapsed is built first (hidden), and a hit opens it.
    while (pending.length) pending.shift()!();
    filter(section, find.value, found);
  });
}

/**
 * 从知乎获取评论 / 重新获取评论: the worker fetches them (the one scheduler, paced) and stores them; the
 * section is then drawn again from storage. Offline or refused, it says so (a refusal, in the summary).
 */
function fetchButton(key: PostKey, again: boolean, redraw: () => Promise<void>): HTMLElement {
  const button = h('button', { type: 'button', class: 'comments-fetch', id: 'comments-fetch' }, t(again ? 'commentsRefetch' : 'commentsFetch'));
  const status = h('span', { class: 'muted comments-fetch-status', role: 'status' });
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = t('commentsFetchRunning');
    send('comments/fetch', { key })
      .then(() => redraw())
      .catch((e: unknown) => {
        button.disabled = false;
        status.textContent = t('commentsFetchFailed', e instanceof MessageError ? t(ERROR_TEXT[e.code]) : String(e));
      });
  });
  return h('span', { class: 'comments-fetch-row' }, button, ' ', status);
}

/**
 * Appends the first SHOWN of `items` to `list`; the rest is built when the returned button is clicked
 * (shown) or when a search asks for it through `pending` (built hidden). Null when nothing is collapsed.
 */
function lazyList<T>(list: HTMLElement, items: readonly T[], build: (x: T) => HTMLElement, pending: (() => void)[]): HTMLButtonElement | null {
  for (const x of items.slice(0, SHOWN)) list.append(build(x));
  const later = items.slice(SHOWN);
  if (!later.length) return null;
  let built = false;
  const buildLater = (): void => {
    if (built) return;
    built = true;
    for (const x of later) {
      const el = build(x);
      el.hidden = true;
      el.dataset.collapsed = 'true';
      list.append(el);
    }
  };
  pending.push(buildLater);
  const button = h('button', { type: 'button', class: 'comments-more', 'data-zo-more': '' }, t('commentsShowMore', formatNumber(later.length)));
  button.addEventListener('click', () => {
    buildLater();
    for (const el of Array.from(list.children)) if (el instanceof HTMLElement && el.dataset.collapsed) unfold(el);
    button.remove();
  });
  return button;
}

function unfold(el: HTMLElement): void {
  el.hidden = false;
  delete el.dataset.collapsed;
}

function comment(c: CommentItem, sanitize: Sanitize): HTMLLIElement {
  const href = safeLinkUrl(c.author.url);
  const name = c.author.name || t('commentAnonymous');
  const who = href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'comment-author' }, name) : h('strong', { class: 'comment-author' }, name);
  const meta = h('p', { class: 'comment-meta muted' }, who);
  if (c.replyTo) meta.append(' ', h('span', { class: 'comment-reply-to' }, t('commentReplyTo', c.replyTo)));
  meta.append(' · ', formatDate(c.createdAt), ' · ', t('commentLikes', formatNumber(c.likes)));
  // No blobs: comment images were never downloaded, so each becomes the "image not saved" note.
  const { fragment } = renderContent(sanitize, c.html, new Map(), t('imageMissing'));
  const body = h('div', { class: 'comment-body' });
  body.append(fragment);
  return h('li', { class: 'comment', 'data-id': c.id }, meta, body);
}

/** Shows the comments holding `query` as typed, like a page's find (and the threads they are in); empty shows all as they were. */
function filter(section: HTMLElement, query: string, found: HTMLElement): void {
  const phrase = query.trim().toLowerCase();
  const all = Array.from(section.querySelectorAll<HTMLLIElement>('li.comment'));
  if (!phrase) {
    for (const li of all) li.classList.remove('comment-miss', 'comment-hit');
    found.textContent = '';
    return;
  }
  let hits = 0;
  for (const li of all) {
    const own = `${li.querySelector('.comment-meta')?.textContent ?? ''} ${li.querySelector('.comment-body')?.textContent ?? ''}`.toLowerCase();
    const hit = own.includes(phrase);
    li.classList.toggle('comment-hit', hit);
    if (hit) hits++;
  }
  for (const li of all) {
    const inside = li.classList.contains('comment-hit') || li.querySelector('li.comment-hit') !== null;
    li.classList.toggle('comment-miss', !inside);
    // A hit in a collapsed thread or reply opens it.
    if (inside && li.dataset.collapsed) unfold(li);
  }
  found.textContent = t('commentsFound', formatNumber(hits));
}
