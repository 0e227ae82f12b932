/**
 * Hexo writer: one `.md` per post, byte for byte in the seed's template
 * (docs/zhihu-format.md §6; golden files in test/fixtures/seed/):
 *
 *   ⏎---⏎title: '…'⏎categories: ·⏎ - a⏎ - b⏎headimg: '…'⏎author: …⏎comments: false⏎
 *   date: <RFC 1123>⏎thumbnail: '…'⏎---⏎⏎<div>···⏎<who>的回答<br><br><content>··⏎</div>⏎············
 *
 * Decisions (issue #6):
 * - The title is written with the seed's naive quoting when that keeps its value, else as a
 *   YAML double-quoted escape (yaml-scalar.ts). We do NOT apply the generator's `:`/`?`→`_`
 *   substitution to the title value — that lost data; it only shapes the file name.
 * - Braces: the generator turned `{`/`}` into `&#123;`/`&#125;` so Hexo's Nunjucks pass
 *   cannot see `{{`/`{%`. We do the same in the HTML body only (the entities render as the
 *   same characters, so nothing is lost; the importer decodes them). Front-matter values keep
 *   real braces: they are quoted YAML and Hexo does not template them.
 * - Markdown: a blank line ends the `<div>` HTML block and a fence line becomes a code block, so a
 *   body where that would make a link or raw HTML is written with those characters as references
 *   (hexo-inert.ts); harmless bodies, the seeds among them, keep their bytes. The author's name is
 *   escaped as text (it used to go in raw: markup, and `{{ }}` that Nunjucks ran at `hexo generate`).
 * - The body goes into someone's blog as raw HTML, so it is first run through `clean` (issue #7):
 *   the page passes the import cleaner, which returns clean markup as the same string. This module
 *   is pure (no DOM), hence a tool passed in, as htmlDocument takes its sanitizer.
 */
import type { CommentThread, FullPost } from '../storage/types';
import { commentsMarkup } from './comments';
import { escapeHtml } from './html';
import { hexoAuthorText, markdownInert } from './hexo-inert';
import { rewriteImageAttributes } from '../backup/image-names';
import { seedPlain, seedQuoted } from './yaml-scalar';

export const ZHIHU_AUTHOR = '知乎';
const PREFIX_BY_KIND = { answer: '的回答', article: '的文章', pin: '的想法' } as const;

export type HexoImages =
  | { mode: 'remote' }
  /** `names` maps an image URL to its file name; `prefix` is the relative folder (default `images/`). */
  | { mode: 'bundled'; names: ReadonlyMap<string, string>; prefix?: string };

export interface HexoOptions {
  /** `row`: the stored `author` key (default); `answerer`: the real author; `zhihu`: `知乎` like the RSSHub archive. */
  author?: 'row' | 'answerer' | 'zhihu';
  /** Overrides the stored categories. */
  categories?: readonly string[];
  images?: HexoImages;
  /** Escape `{`/`}` in the body as the generator did (default true). */
  escapeBraces?: boolean;
  /**
   * Cleans a stored body before it is written (image URLs are mapped afterwards). Every export the
   * page makes passes one; without it the stored HTML is written as it is (pure tests of the format).
   */
  clean?: (html: string) => string;
  /**
   * Append the post's saved comments under a `评论` heading (issue #17). Off unless the user asks: a blog
   * post's comments are the blog's, and without it the file is byte-identical to the seed's shape.
   */
  comments?: boolean;
}

/** A post as the Hexo writer reads it: comments only matter with `options.comments`. */
export type HexoPost = FullPost & { commentThread?: CommentThread };


function authorField(post: FullPost, style: HexoOptions['author']): string {
  if (style === 'zhihu') return ZHIHU_AUTHOR;
  if (style === 'answerer') return post.meta.authorInfo.name || post.author;
  return post.author;
}

function imageUrlMapper(images: HexoImages | undefined): (url: string) => string {
  if (!images || images.mode === 'remote') return (url) => url;
  const prefix = images.prefix ?? 'images/';
  return (url) => {
    const name = images.names.get(url);
    return name === undefined ? url : `${prefix}${name}`;
  };
}

export function hexoFrontMatter(post: FullPost, options: HexoOptions = {}): string {
  const mapUrl = imageUrlMapper(options.images);
  const categories = options.categories ?? post.categories;
  const lines = [
    '',
    '---',
    `title: ${seedQuoted(post.title)}`,
    'categories: ',
    ...categories.map((c) => ` - ${seedPlain(c)}`),
    `headimg: ${seedQuoted(post.headimg === '' ? '' : mapUrl(post.headimg))}`,
    `author: ${seedPlain(authorField(post, options.author))}`,
    'comments: false',
    `date: ${seedPlain(post.date)}`,
    `thumbnail: ${seedQuoted(post.thumbnail === '' ? '' : mapUrl(post.thumbnail))}`,
    '---',
    '',
  ];
  return lines.join('\n');
}

/** The body in three pieces: its opening, the (cleaned, rewritten) stored HTML, its closing. */
function bodyPieces(post: HexoPost, options: HexoOptions): [string, string, string] {
  const mapUrl = imageUrlMapper(options.images);
  // Cleaned before the mapping: the cleaner refuses the relative paths of bundled images.
  const clean = options.clean ?? ((html: string) => html);
  const comments = options.comments && post.commentThread ? commentsMarkup(post.commentThread, { body: clean, escape: escapeHtml }) : '';
  const stored = clean(post.content) + comments;
  let content = options.images?.mode === 'bundled' ? rewriteImageAttributes(stored, mapUrl) : stored;
  if (options.escapeBraces !== false) content = escapeBraces(content);
  const who = hexoAuthorText(post.meta.authorInfo.name || post.author);
  return [`<div>   \n${who}${PREFIX_BY_KIND[post.meta.kind]}<br><br>`, markdownInert(content), `  \n</div>\n${' '.repeat(12)}`];
}

const escapeBraces = (text: string): string => text.replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');

/** One post as the seed's `.md` text. */
export function hexoPost(post: FullPost, options: HexoOptions = {}): string {
  return hexoPieces(post, options).join('');
}

/**
 * hexoPost's text in pieces that join to it, for the ZIP writer: the body's HTML stays the string
 * that was read (clean bodies come back from the cleaner as the same string), so a 10k-post export
 * does not copy each post once more into a joined string before encoding it (issue #6).
 */
export function hexoPieces(post: HexoPost, options: HexoOptions = {}): [string, string, string] {
  const [open, content, close] = bodyPieces(post, options);
  return [`${hexoFrontMatter(post, options)}\n${open}`, content, close];
}
