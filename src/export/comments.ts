/**
 * A post's saved comments in the exports (issue #17): Markdown, HTML and EPUB append them under a `评论`
 * heading, Hexo only when the user asks. One markup for all: roots in order, each with its replies in a
 * blockquote, so turndown makes nested `>` quotes of it and the HTML and EPUB show the thread as it was.
 * Pure: the comment bodies are passed through the caller's sanitizer (HTML, EPUB) or its Markdown
 * converter; names and counts are escaped here. The words are Chinese, as the exported posts are.
 */
import type { CommentItem, CommentThread } from '../storage/types';

export const COMMENTS_HEADING = '评论';

const REASONS: Record<string, string> = {
  verify: '知乎要求验证',
  login: '需要登录知乎',
  network: '网络连接失败',
  server: '知乎服务器出错',
  unexpected: '知乎的回答无法识别',
  interrupted: '保存被中断',
};

const n = (x: number): string => x.toLocaleString('zh-CN');

/** How many Zhihu has and how many are kept, and why not all when not: nothing is cut silently. */
export function commentSummary(thread: Pick<CommentThread, 'state' | 'reason' | 'total' | 'kept'>): string {
  const total = thread.total === null ? '' : `知乎上共 ${n(thread.total)} 条评论，`;
  const reason = thread.reason ? (REASONS[thread.reason] ?? thread.reason) : '';
  switch (thread.state) {
    case 'complete':
      return `${total}保存了 ${n(thread.kept)} 条。`;
    case 'capped':
      return `${total}按设置只保存了前 ${n(thread.kept)} 条。`;
    case 'partial':
      return `${total}只保存了 ${n(thread.kept)} 条：${reason}。`;
    case 'missing':
      return `${total}评论未能保存：${reason}。`;
    default:
      return `${total}评论未保存完（${reason || '保存被中断'}），保存了 ${n(thread.kept)} 条。`;
  }
}

/** `2025-08-07 14:31`, Beijing time as Zhihu shows it, the same on every machine. */
export function commentTime(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms + 8 * 3_600_000);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Roots in order, each with its replies (a reply whose root was not kept is shown as a root). */
export function threadsOf(items: readonly CommentItem[]): { root: CommentItem; replies: CommentItem[] }[] {
  const out: { root: CommentItem; replies: CommentItem[] }[] = [];
  const byRoot = new Map<string, CommentItem[]>();
  for (const c of items) {
    const list = c.rootId === null ? undefined : byRoot.get(c.rootId);
    if (list) list.push(c);
    else {
      const replies: CommentItem[] = [];
      out.push({ root: c, replies });
      byRoot.set(c.id, replies);
    }
  }
  return out;
}

export interface CommentMarkupOptions {
  /** Untrusted comment HTML → safe markup (the exports' sanitizer), or the HTML itself when a converter follows. */
  body: (html: string) => string;
  /** Text → markup-safe text (HTML or XML escaping). */
  escape: (text: string) => string;
}

function meta(c: CommentItem, esc: (t: string) => string): string {
  const who = `<strong>${esc(c.author.name || '知乎用户')}</strong>`;
  const to = c.replyTo ? ` 回复 <strong>${esc(c.replyTo)}</strong>` : '';
  const parts = [commentTime(c.createdAt), `赞 ${n(c.likes)}`].filter(Boolean).map(esc);
  return `<p class="comment-meta">${who}${to} · ${parts.join(' · ')}</p>`;
}

function one(c: CommentItem, o: CommentMarkupOptions, replies = ''): string {
  return `<div class="comment">${meta(c, o.escape)}<div class="comment-body">${o.body(c.html)}</div>${replies}</div>`;
}

/** The `评论` section: heading, summary, then each thread. */
export function commentsMarkup(thread: CommentThread, o: CommentMarkupOptions): string {
  const threads = threadsOf(thread.items).map(({ root, replies }) => one(root, o, replies.length ? `<blockquote class="replies">${replies.map((r) => one(r, o)).join('')}</blockquote>` : ''));
  return `<section class="comments"><h2>${COMMENTS_HEADING}</h2><p class="comment-count">${o.escape(commentSummary(thread))}</p>${threads.join('')}</section>`;
}

/**
 * The `评论` section in Markdown. Each comment is converted on its own by `convert` (the post's own
 * HTML→Markdown converter, which lets no raw HTML through), so a comment's markup cannot reach into
 * the next one or out of its quote; replies are quoted with `> ` under their root.
 */
export function commentsMarkdown(thread: CommentThread, convert: (html: string) => string, escape: (text: string) => string): string {
  const block = (c: CommentItem): string => `${convert(meta(c, escape)).trim()}\n\n${convert(c.html).trim()}`;
  const quote = (text: string): string => text.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
  const parts = [`## ${COMMENTS_HEADING}`, convert(`<p>${escape(commentSummary(thread))}</p>`).trim()];
  for (const { root, replies } of threadsOf(thread.items)) {
    parts.push(block(root));
    for (const r of replies) parts.push(quote(block(r)));
  }
  return `${parts.join('\n\n')}\n`;
}
