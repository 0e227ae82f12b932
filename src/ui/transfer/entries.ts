/**
 * Export formats as lazy ZIP entries over the chunked export source (issue #6): posts are read
 * 200 at a time and each image's bytes only when the ZIP writer reaches it, so memory stays
 * bounded at 10k posts + 2k images (docs/performance-notes.md §6). The pure writers in src/export render
 * each post; this file only streams them.
 */
import { backupEntries } from '../../backup/write';
import { uniqueFileNames } from '../../export/filename';
import { hexoPieces } from '../../export/hexo';
import { htmlDocument, type HtmlImage } from '../../export/html';
import { imageFileName } from '../../export/image-names';
import { markdownPost } from '../../export/markdown';
import type { ZipEntry, ZipPiece } from '../../zip/writer';
import { exportImages, readImageBytes, readImagesAhead, type ExportImageInfo } from '../../storage/export-images';
import { countAllPosts, EXPORT_RANGE_CHUNK, exportAllPosts, exportPosts, exportRows, type ExportPost } from '../../storage/export-source';
import type { PostKey, PostRow } from '../../storage/types';
import { makeImportCleaner } from '../sanitize/import-cleaner';
import { isRasterType } from '../../shared/raster';
import { imageEntries, type PageTools } from './image-entries';

export type { PageTools } from './image-entries';

export type ExportFormat = 'hexo' | 'markdown' | 'html' | 'backup' | 'epub';

export interface ExportSettings {
  format: ExportFormat;
  keys: readonly PostKey[] | null;
  author: 'answerer' | 'zhihu';
  bundleImages: boolean;
  /** Overrides the stored categories (Hexo); null keeps them. */
  categories: string[] | null;
  /** Hexo: append saved comments (issue #17); the other formats always do. */
  hexoComments: boolean;
}

export interface ExportPlan {
  /** Posts the export writes (the progress bar's total). */
  count: number;
  images: ExportImageInfo[];
  /** Called once per post rendered, for the progress bar. */
  entries: (onPost: () => void) => AsyncIterable<ZipEntry>;
}

/** A post's file: its text (an HTML page's once its images are read), or pieces written as if joined. */
type Render = (post: ExportPost) => string | readonly ZipPiece[] | Promise<string>;

/** One file per post, rendered by `render`, in the order of `rows` (every post of the library when `library`). */
async function* perPost(rows: readonly PostRow[], library: boolean, ext: string, render: Render, onPost: () => void): AsyncGenerator<ZipEntry> {
  const names = uniqueFileNames(rows.map((r) => r.title), ext);
  let i = 0;
  const posts = library ? exportPosts(rows, false, EXPORT_RANGE_CHUNK, 'library') : exportPosts(rows, false);
  for await (const chunk of posts) {
    for (const post of chunk) {
      const text = await render(post);
      onPost();
      yield { name: names[i++]!, data: text };
    }
  }
}

async function* concat(...parts: (Iterable<ZipEntry> | AsyncIterable<ZipEntry>)[]): AsyncGenerator<ZipEntry> {
  for (const part of parts) yield* part;
}

let cleaner: ((html: string) => string) | null = null;

/**
 * Hexo writes stored HTML into a blog as it is, and only capture and import clean what gets stored:
 * a raw IndexedDB write, or data from an old build, would reach the blog unsanitized (#7). So each
 * body goes through the import's own cleaner again, which hands clean markup back as the same string.
 */
function importCleaner(): (html: string) => string {
  if (!cleaner) {
    const clean = makeImportCleaner(window);
    cleaner = (html) => clean(html).html;
  }
  return cleaner;
}

function renderer(settings: ExportSettings, tools: PageTools, names: ReadonlyMap<string, string> | null): Render {
  if (settings.format === 'markdown') return (post) => markdownPost(post, { parse: tools.parse, ...(names ? { images: names } : {}) });
  if (settings.format === 'html') return (post) => htmlPage(post, tools);
  const options = { author: settings.author, clean: importCleaner(), comments: settings.hexoComments, ...(settings.categories ? { categories: settings.categories } : {}) };
  return (post) => hexoPieces(post, { ...options, images: names ? { mode: 'bundled', names } : { mode: 'remote' } });
}

/** Single-file HTML: every stored image is inlined, since the page's CSP blocks remote ones. */
async function htmlPage(post: ExportPost, tools: PageTools): Promise<string> {
  const images = new Map<string, HtmlImage>();
  for (const url of new Set(post.meta.images)) {
    const bytes = await readImageBytes(url).catch(() => null);
    if (bytes) images.set(url, { type: imageType(bytes), bytes });
  }
  return htmlDocument([post], { sanitize: (html) => tools.xhtml(html, (url) => url), images });
}

/** The inliner needs a type; sniff the common ones rather than trust a URL's extension. */
function imageType(b: Uint8Array): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49) return 'image/gif';
  if (b[8] === 0x57 && b[9] === 0x45) return 'image/webp';
  return 'application/octet-stream';
}

/**
 * A full backup needs no rows up front: posts stream in key order by range (exportAllPosts),
 * while only the images are planned, alongside the count (issue #6: planning took ~0.6–1.4 s).
 */
async function planFullBackup(): Promise<ExportPlan> {
  const [count, images] = await Promise.all([countAllPosts(), exportImages('all')]);
  return { count, images, entries: (onPost) => backupEntries({ posts: exportAllPosts(true), images, imageBytes: readImagesAhead }, onPost) };
}

/** The images the bodies show, raster only: a stored SVG (from an older import) stays out of images/. */
function inContent(rows: readonly PostRow[], images: ExportImageInfo[]): ExportImageInfo[] {
  const shown = new Set(rows.flatMap((r) => r.meta.images));
  return images.filter((img) => shown.has(img.url) && isRasterType(img.type));
}

export async function planExport(settings: ExportSettings, tools: PageTools): Promise<ExportPlan> {
  const backup = settings.format === 'backup';
  if (backup && settings.keys === null) return planFullBackup();
  const wantImages = backup || settings.format === 'epub' || (settings.bundleImages && settings.format !== 'html');
  const rowsRead = exportRows({ keys: settings.keys, order: backup ? 'key' : 'savedAt' });
  const [rows, stored] = await Promise.all([rowsRead, !wantImages ? [] : settings.keys === null ? exportImages('all') : rowsRead.then(exportImages)]);
  // A backup keeps every stored image (avatars too); the other formats bundle what the bodies show.
  const images = backup ? stored : inContent(rows, stored);
  const count = rows.length;
  if (backup) return { count, images, entries: (onPost) => backupEntries({ posts: exportPosts(rows, true), images, imageBytes: readImagesAhead }, onPost) };
  if (settings.format === 'epub') {
    const { epubPlanEntries } = await import('./epub-entries');
    return { count, images, entries: (onPost) => epubPlanEntries(rows, images, tools, onPost) };
  }
  const names = wantImages ? new Map(images.map((img) => [img.url, imageFileName(img.url, img.type)])) : null;
  const ext = settings.format === 'html' ? '.html' : '.md';
  const render = renderer(settings, tools, names);
  return { count, images, entries: (onPost) => concat(perPost(rows, settings.keys === null, ext, render, onPost), wantImages ? imageEntries(images) : []) };
}
