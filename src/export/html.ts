/**
 * Single-file HTML export: one self-contained page, readable offline in any browser.
 * (docs/threats.md §4.4) `<meta charset>`, then a strict CSP so nothing can load or
 * run — images must be inlined as data: URIs —, `no-referrer`, all text escaped, and the
 * body passed through the sanitizer the caller injects (the UI's DOMPurify setup; tests use
 * DOMPurify on jsdom). Remote images that were not inlined stay blocked by the CSP.
 */
import type { BackupPost } from '../backup/format';
import { commentsMarkup } from './comments';

export const EXPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export interface HtmlImage {
  type: string;
  bytes: Uint8Array;
}

export interface HtmlOptions {
  /** Returns safe HTML (e.g. DOMPurify.sanitize); called once per post body. */
  sanitize: (html: string) => string;
  /** Stored image URL → bytes, to inline. */
  images?: ReadonlyMap<string, HtmlImage>;
  /** Page title for a multi-post export (default: the single post's title). */
  title?: string;
  lang?: string;
}

const INLINE_TYPES = /^image\/(jpeg|png|gif|webp|avif|bmp|svg\+xml)$/;
const STYLE = `body{max-width:46em;margin:2em auto;padding:0 1em;font:16px/1.7 system-ui,sans-serif;color:#222}
img{max-width:100%;height:auto}pre{overflow:auto;background:#f6f6f6;padding:.8em}
article{border-bottom:1px solid #ddd;padding-bottom:2em;margin-bottom:2em}.meta{color:#777;font-size:.9em}
blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em;color:#555}
.comments h2{font-size:1.2em}.comment{margin:1em 0}.comment-meta{color:#777;font-size:.9em;margin:0}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const decodeAttr = (v: string): string => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** An `<img` tag's start, as `/<img\b[^>]*>/gi` would find it. */
const IMG_START = /<img\b/gi;

/**
 * `html` with `rewrite` applied to every `<img…>` (as `html.replace(/<img\b[^>]*>/gi, rewrite)`), in one
 * scan: that regex rescanned the rest of the string from every `<img` with no `>` after it, which is
 * quadratic (200 KB of `<img ` took 11 s). Past the last `>`, no tag can end, so the scan stops there.
 */
function replaceImgTags(html: string, rewrite: (tag: string) => string): string {
  let out = '';
  let at = 0;
  IMG_START.lastIndex = 0;
  for (let m = IMG_START.exec(html); m; m = IMG_START.exec(html)) {
    const gt = html.indexOf('>', IMG_START.lastIndex);
    if (gt === -1) break;
    out += html.slice(at, m.index) + rewrite(html.slice(m.index, gt + 1));
    at = gt + 1;
    IMG_START.lastIndex = at;
  }
  return out + html.slice(at);
}

/** Points each sanitized `<img>` at a data: URI when one of its URLs was stored. */
export function inlineImages(html: string, images: ReadonlyMap<string, HtmlImage>): string {
  return replaceImgTags(html, (tag) => {
    const attrs = new Map([...tag.matchAll(/\s([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), decodeAttr(m[2]!)]));
    const url = ['data-original', 'data-actualsrc', 'src'].map((a) => attrs.get(a)).find((u) => u !== undefined && images.has(u));
    const img = url === undefined ? undefined : images.get(url);
    if (!img || !INLINE_TYPES.test(img.type)) return tag;
    const src = `src="data:${img.type};base64,${base64(img.bytes)}"`;
    return /\ssrc="[^"]*"/.test(tag) ? tag.replace(/\ssrc="[^"]*"/, ` ${src}`) : tag.replace(/^<img\b/i, `<img ${src}`);
  });
}

function safeHref(url: string): string | null {
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function article(post: BackupPost, options: HtmlOptions): string {
  const author = post.meta.authorInfo.name || post.author;
  const href = safeHref(post.meta.url);
  const source = href ? ` · <a href="${escapeHtml(href)}" rel="noreferrer">${escapeHtml(href)}</a>` : '';
  const body = inlineImages(options.sanitize(post.content), options.images ?? new Map());
  // Each comment's HTML through the same sanitizer as the body (issue #17); remote images stay blocked by the CSP.
  const comments = post.commentThread ? `\n${commentsMarkup(post.commentThread, { body: options.sanitize, escape: escapeHtml })}` : '';
  return `<article>
<header><h1>${escapeHtml(post.title)}</h1>
<p class="meta">${escapeHtml(author)} · ${escapeHtml(post.date)}${source}</p></header>
<div class="content">${body}</div>${comments}
</article>`;
}

export function htmlDocument(posts: readonly BackupPost[], options: HtmlOptions): string {
  const title = options.title ?? posts[0]?.title ?? '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang ?? 'zh-CN')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EXPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${posts.map((p) => article(p, options)).join('\n')}
</body>
</html>
`;
}
