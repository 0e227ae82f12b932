// Comments in the exports and the backup (issue #17). The thread is SYNTHETIC pages around the REAL comment object
// (test/support/comment-thread.ts); a post without comments must export exactly as before.
import createDOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import type { BackupPost } from '../src/backup/format';
import { readBackup } from '../src/backup/read';
import { backupZip, sourceOf } from '../src/backup/write';
import { commentSummary, commentTime } from '../src/export/comments';
import { chapterXhtml } from '../src/export/epub';
import { hexoPost } from '../src/export/hexo';
import { htmlDocument } from '../src/export/html';
import { markdownPost } from '../src/export/markdown';
import { bytesSource } from '../src/zip/reader';
import { collectStream } from '../src/zip/writer';
import { seedPost } from './fixtures-export/posts';
import { hostileCommentThread } from './fixtures/attack-corpus/vectors';
import { savedThread } from './support/comment-thread';

const purify = createDOMPurify(window);
const sanitize = (html: string): string => purify.sanitize(html);
const parse = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

async function withComments(): Promise<BackupPost> {
  return { ...seedPost(0)!, commentThread: await savedThread() };
}

describe('comments in the exports', () => {
  it('Markdown appends them under 评论: summary, every comment, replies quoted under their root, no raw HTML', async () => {
    const post = await withComments();
    const plain = markdownPost(seedPost(0)!, { parse });
    const text = markdownPost(post, { parse });
    expect(text.startsWith(plain)).toBe(true);
    const tail = text.slice(plain.length);
    expect(tail).toMatch(/^\n## 评论\n\n知乎上共 52 条评论，保存了 52 条。\n\n\*\*脱敏用户000\*\* · 2025-08-07 15:11 · 赞 37\n\n我不在乎你其它的观点/);
    expect(tail).toContain('> **脱敏用户101** 回复 **脱敏用户100** · ');
    expect(tail).toContain('> 第 1 条评论的第 25 条回复');
    expect(tail.match(/^\*\*脱敏用户\d+\*\*/gm)).toHaveLength(25);
    expect(tail.match(/^> \*\*脱敏用户\d+\*\*/gm)).toHaveLength(27);
    expect(tail).not.toMatch(/<[a-z]/i);
  });

  it('HTML and EPUB show the thread with each body sanitized; names escaped', () => {
    const post: BackupPost = { ...seedPost(0)!, commentThread: hostileCommentThread(['<p>ok</p><script>alert(1)</script>', '<img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>']) };
    const doc = parse(htmlDocument([post], { sanitize }));
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelector('[onerror]')).toBeNull();
    expect(doc.querySelector('a[href^="javascript"]')).toBeNull();
    expect(doc.querySelector('.comments h2')?.textContent).toBe('评论');
    expect(doc.querySelectorAll('.comments > .comment')).toHaveLength(1);
    expect(doc.querySelectorAll('.comments .replies > .comment')).toHaveLength(1);
    expect(doc.querySelector('.comment-meta strong')?.textContent).toBe("<script>__zoPwned('name-0')</script>");
    const chapter = chapterXhtml({ key: post.key, title: post.title, author: 'a', date: post.date, url: '', body: '<p>x</p>', comments: '<section class="comments"><h2>评论</h2></section>' });
    expect(chapter).toContain('<div><p>x</p></div>\n<section class="comments"><h2>评论</h2></section>\n</article>');
  });

  it('Hexo: byte-identical without the option; with it, the 评论 section', async () => {
    const post = await withComments();
    const seed = seedPost(0)!;
    expect(hexoPost(post)).toBe(hexoPost(seed));
    expect(hexoPost(post, { comments: false })).toBe(hexoPost(seed));
    const withOption = hexoPost(post, { comments: true });
    expect(withOption).toContain('<h2>评论</h2>');
    expect(withOption).toContain('第 1 条评论的第 25 条回复');
  });

  it('says how many exist and how many are kept, and why not all', () => {
    expect(commentSummary({ state: 'capped', reason: null, total: 52, kept: 30 })).toBe('知乎上共 52 条评论，按设置只保存了前 30 条。');
    expect(commentSummary({ state: 'missing', reason: 'verify', total: null, kept: 0 })).toBe('评论未能保存：知乎要求验证。');
    expect(commentSummary({ state: 'partial', reason: 'login', total: 1_200, kept: 40 })).toBe('知乎上共 1,200 条评论，只保存了 40 条：需要登录知乎。');
    expect(commentTime(Date.UTC(2025, 7, 7, 7, 11))).toBe('2025-08-07 15:11');
  });
});

describe('comments in the backup', () => {
  it('a v2 backup carries them and reads them back; a post without comments has no such field', async () => {
    const post = await withComments();
    const bytes = await collectStream(backupZip(sourceOf([post, seedPost(1)!], [])));
    const restored = await readBackup(bytesSource(bytes));
    if (!restored.ok) throw new Error(restored.error.code);
    const back = restored.value.posts.find((p) => p.key === post.key);
    expect(back?.commentThread).toEqual(post.commentThread);
    expect(restored.value.posts.find((p) => p.key !== post.key)).not.toHaveProperty('commentThread');
  });

  it('refuses a thread that claims more comments than it holds', async () => {
    const post = await withComments();
    const bad: BackupPost = { ...post, commentThread: { ...post.commentThread!, kept: 53 } };
    const restored = await readBackup(bytesSource(await collectStream(backupZip(sourceOf([bad], [])))));
    expect(restored.ok).toBe(false);
  });
});
