/**
 * The export formats the user runs, as lazy ZIP entries (issue #15: one pipeline, the shipped one,
 * unit-tested). Pure: it takes a post source (chunks of posts in export order, read as the ZIP writer
 * asks) and an image reader (each image's bytes in turn), and knows nothing of IndexedDB or the page.
 * src/ui/transfer/entries.ts plans an export from the library and hands its sources here; tests hand
 * in-memory ones. Memory stays bounded at any size: one chunk of posts and one image at a time.
 */
import type { BackupPost } from '../backup/format';
import type { ZipEntry, ZipPiece } from '../zip/writer';
import { sniffRasterType } from '../shared/raster';
import { commentsMarkup } from './comments';
import { chapterFile, chapterXhtml, epubHead, isCoreImage, xmlEscape, type EpubMeta } from './epub';
import { uniqueFileNames } from './filename';
import { hexoPieces } from './hexo';
import { htmlDocument, type HtmlImage } from './html';
import { imageFileName } from '../backup/image-names';
import { markdownPost } from './markdown';

/** What rendering a post body needs from its environment: a DOMParser and a sanitizer serialized to markup. */
export interface PageTools {
  parse: (html: string) => Document;
  /** Sanitized body as (X)HTML markup; `local` maps a stored image URL to its path, or null to drop it. */
  xhtml: (html: string, local: (url: string) => string | null) => string;
}

export interface ImageInfo {
  url: string;
  type: string;
  size: number;
}

/** The bytes of `images`, one after another in that order. */
export type ImageReader = (images: readonly ImageInfo[]) => AsyncIterator<Uint8Array>;

/** Posts in export order, a chunk at a time. */
export type PostSource = AsyncIterable<readonly BackupPost[]>;

export type PostFormat = 'hexo' | 'markdown' | 'html';

export interface RenderOptions {
  format: PostFormat;
  tools: PageTools;
  /** Bundled image file names by URL; null keeps remote URLs (the seed's shape). */
  names: ReadonlyMap<string, string> | null;
  /** Hexo only. */
  author?: 'answerer' | 'zhihu';
  categories?: string[] | null;
  comments?: boolean;
  /** Hexo writes stored HTML as it is: each body goes through the import's cleaner again (docs/threats.md). */
  clean?: (html: string) => string;
  /** HTML only: a stored image's bytes, to inline (the page's CSP blocks remote ones); null when gone. */
  readImage?: (url: string) => Promise<Uint8Array | null>;
}

/** A post's file: its text, or pieces written as if joined. */
export type Render = (post: BackupPost) => string | readonly ZipPiece[] | Promise<string>;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function renderer(o: RenderOptions): Render {
  if (o.format === 'markdown') return (post) => markdownPost(post, { parse: o.tools.parse, ...(o.names ? { images: o.names } : {}) });
  if (o.format === 'html') return (post) => htmlPage(post, o);
  const options = { ...(o.author ? { author: o.author } : {}), comments: o.comments ?? false, ...(o.clean ? { clean: o.clean } : {}), ...(o.categories ? { categories: o.categories } : {}) };
  return (post) => hexoPieces(post, { ...options, images: o.names ? { mode: 'bundled', names: o.names } : { mode: 'remote' } });
}

/** Single-file HTML: every stored image is inlined. */
async function htmlPage(post: BackupPost, o: RenderOptions): Promise<string> {
  const images = new Map<string, HtmlImage>();
  for (const url of new Set(post.meta.images)) {
    const bytes = o.readImage ? await o.readImage(url).catch(() => null) : null;
    if (bytes) images.set(url, { type: sniffRasterType(bytes) ?? 'application/octet-stream', bytes });
  }
  return htmlDocument([post], { sanitize: (html) => o.tools.xhtml(html, (url) => url), images });
}

/** One file per post, named from `titles` (in the source's order), rendered by `render`. */
export async function* postEntries(titles: readonly string[], posts: PostSource, ext: string, render: Render, onPost: () => void): AsyncGenerator<ZipEntry> {
  const names = uniqueFileNames(titles, ext);
  let i = 0;
  for await (const chunk of posts) {
    for (const post of chunk) {
      const data = await render(post);
      onPost();
      yield { name: names[i++] ?? `${i}${ext}`, data };
    }
  }
}

/**
 * The image files sorted by name, each entry's bytes taken in turn from one reader (the ZIP writer
 * consumes entries strictly in order). Bytes that are not a raster image are written empty, whatever
 * the stored type: an SVG stored by an older import would run script from images/… on a blog.
 */
export function imageEntries(images: readonly ImageInfo[], read: ImageReader, prefix = 'images/'): ZipEntry[] {
  const byFile = new Map(images.map((img) => [imageFileName(img.url, img.type), img]));
  const files = [...byFile].sort(([a], [b]) => byString(a, b));
  const reader = read(files.map(([, img]) => img));
  return files.map(([file]) => ({ name: `${prefix}${file}`, data: nextOf(reader) }));
}

async function* nextOf(reader: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const next = await reader.next();
  if (next.done) throw new Error('image reader ended early');
  yield sniffRasterType(next.value) === null ? new Uint8Array(0) : next.value;
}

/** Hexo, Markdown or HTML: the post files, then (when bundled) the images. */
export async function* bundleEntries(titles: readonly string[], posts: PostSource, images: readonly ImageInfo[] | null, read: ImageReader, o: RenderOptions, onPost: () => void): AsyncGenerator<ZipEntry> {
  yield* postEntries(titles, posts, o.format === 'html' ? '.html' : '.md', renderer(o), onPost);
  if (images) yield* imageEntries(images, read);
}

/** Bundled image file names by URL, for the post bodies' links. */
export function imageNames(images: readonly ImageInfo[]): Map<string, string> {
  return new Map(images.map((img) => [img.url, imageFileName(img.url, img.type)]));
}

/**
 * An EPUB: the head (package.opf, nav) needs only titles and image types, known before any content
 * is read; chapters follow one post at a time, then the core-type images.
 */
export async function* epubEntries(meta: EpubMeta, rows: readonly { key: string; title: string }[], posts: PostSource, images: readonly ImageInfo[], read: ImageReader, tools: PageTools, onPost: () => void): AsyncGenerator<ZipEntry> {
  const core = images.filter((i) => isCoreImage(i.type));
  const files = new Map(core.map((i) => [i.url, imageFileName(i.url, i.type)]));
  yield* epubHead(meta, rows, core);
  const local = (url: string): string | null => {
    const file = files.get(url);
    return file ? `../images/${file}` : null;
  };
  let i = 0;
  for await (const chunk of posts) {
    for (const post of chunk) {
      const body = tools.xhtml(post.content, local);
      const author = post.meta.authorInfo.name || post.author;
      const comments = post.commentThread ? commentsMarkup(post.commentThread, { body: (html) => tools.xhtml(html, local), escape: xmlEscape }) : undefined;
      yield { name: `OEBPS/${chapterFile(i++)}`, data: chapterXhtml({ key: post.key, title: post.title, author, date: post.date, url: post.meta.url, body, ...(comments ? { comments } : {}) }, meta.lang) };
      onPost();
    }
  }
  yield* imageEntries(core, read, 'OEBPS/images/');
}
