/**
 * Markdown export for Obsidian/Typora: YAML front matter with all metadata, then the body
 * converted by turndown with Zhihu rules (markdown-rules.ts): `$…$`/`$$…$$` math, fenced
 * code with language, figures with relative `images/<name>` paths, link cards as links,
 * `[^n]` footnotes. No raw HTML reaches the output (docs/threats.md §4.3).
 *
 * The HTML parser is injected (`DOMParser` in extension pages, jsdom in tests) so this stays
 * a pure function; the parsed document is private to the call and never rendered.
 */
import TurndownService from 'turndown';
import { strikethrough, taskListItems } from 'turndown-plugin-gfm';
import type { BackupPost } from '../backup/format';
import { commentsMarkdown } from './comments';
import { escapeHtml } from './html';
import { addZhihuRules, cleanHref, type RuleContext } from './markdown-rules';
import { yamlDoubleQuoted } from './yaml-scalar';

export interface MarkdownOptions {
  parse: (html: string) => Document;
  /** Image URL → file name inside the export; images not listed stay remote (https only). */
  images?: ReadonlyMap<string, string>;
  /** Folder of the images relative to the .md file (default `images/`). */
  imagePrefix?: string;
}

type FmValue = string | number | boolean | null | undefined | readonly string[];

const iso = (ms: number | null | undefined): string | null => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** Every string is a JSON-style double-quoted YAML scalar: always safe, never templated. */
export function frontMatter(fields: Record<string, FmValue>): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) lines.push(`${key}:`, ...value.map((v: string) => `  - ${yamlDoubleQuoted(v)}`));
    } else if (typeof value === 'string') lines.push(`${key}: ${yamlDoubleQuoted(value)}`);
    else lines.push(`${key}: ${String(value)}`);
  }
  lines.push('---', '');
  return lines.join('\n');
}

export function markdownFrontMatter(post: BackupPost): string {
  const m = post.meta;
  return frontMatter({
    title: post.title,
    author: m.authorInfo.name || post.author,
    author_url: m.authorInfo.url,
    kind: m.kind,
    url: m.url,
    question: m.question?.title,
    question_url: m.question?.url,
    topics: m.topics,
    created: iso(m.createdAt),
    updated: iso(m.updatedAt),
    votes: m.voteCount,
    comments: m.commentCount,
    saved: iso(m.savedAt),
    date: post.date,
    categories: post.categories,
    tags: post.tags,
    note: post.note,
    complete: m.complete,
    source: m.sourceUrl,
  });
}

function service(ctx: RuleContext): TurndownService {
  const td = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
  td.use([strikethrough, taskListItems]);
  const base = td.escape.bind(td);
  // turndown leaves `<`, `$` and `&` alone; escaped, text can never become a tag, math or entity.
  td.escape = (text: string) => base(text).replace(/[<>$&]/g, '\\$&');
  addZhihuRules(td, ctx);
  return td;
}

function ruleContext(options: MarkdownOptions): RuleContext {
  const prefix = options.imagePrefix ?? 'images/';
  return {
    footnotes: [],
    imagePath: (urls) => {
      const local = urls.map((u) => options.images?.get(u)).find((n) => n !== undefined);
      if (local !== undefined) return `${prefix}${local}`;
      const remote = urls.find((u) => u.startsWith('https:'));
      return remote ? cleanHref(remote) : null;
    },
  };
}

/** HTML (untrusted) → Markdown, parsed inert and converted by the Zhihu rules; footnotes collect in `ctx`. */
function convert(html: string, options: MarkdownOptions, ctx: RuleContext): string {
  const doc = options.parse(`<!doctype html><html><body>${html}</body></html>`);
  return service(ctx).turndown(doc.body);
}

export function markdownBody(post: BackupPost, options: MarkdownOptions): string {
  const ctx = ruleContext(options);
  const body = convert(post.content, options, ctx);
  return ctx.footnotes.length ? `${body}\n\n${ctx.footnotes.join('\n')}\n` : `${body}\n`;
}

/** The saved comments under a `评论` heading (issue #17); empty when the post has none saved. */
export function markdownComments(post: BackupPost, options: MarkdownOptions): string {
  if (!post.commentThread) return '';
  const ctx = ruleContext(options);
  const text = commentsMarkdown(post.commentThread, (html) => convert(html, options, ctx), escapeHtml);
  return ctx.footnotes.length ? `${text}\n${ctx.footnotes.join('\n')}\n` : text;
}

export function markdownPost(post: BackupPost, options: MarkdownOptions): string {
  const comments = markdownComments(post, options);
  return `${markdownFrontMatter(post)}\n${markdownBody(post, options)}${comments ? `\n${comments}` : ''}`;
}
