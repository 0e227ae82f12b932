/**
 * Plans an export from the library: which rows and images, read how (issue #6: posts 200 at a time,
 * each image's bytes only when the ZIP writer reaches it), then hands those sources to the one export
 * pipeline in src/export/pipeline.ts, which renders the formats. This file only reads the library.
 */
import { backupEntries } from '../../backup/write';
import { bundleEntries, epubEntries, imageNames, type PageTools, type PostFormat } from '../../export/pipeline';
import type { ZipEntry } from '../../zip/writer';
import { exportImages, readImageBytes, readImagesAhead, type ExportImageInfo } from '../../storage/export-images';
import { countAllPosts, EXPORT_RANGE_CHUNK, exportAllPosts, exportPosts, exportRows, type ExportPost } from '../../storage/export-source';
import type { PostKey, PostRow } from '../../storage/types';
import { makeImportCleaner } from '../sanitize/import-cleaner';
import { isRasterType } from '../../shared/raster';
import { t } from '../../shared/i18n';

export type { PageTools } from '../../export/pipeline';

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
  const posts = (): AsyncIterable<readonly ExportPost[]> => (settings.keys === null ? exportPosts(rows, false, EXPORT_RANGE_CHUNK, 'library') : exportPosts(rows, false));
  if (settings.format === 'epub') {
    const title = rows.length === 1 ? (rows[0]?.title ?? '') : t('epubTitle', rows.length);
    const modified = rows.reduce((max, r) => Math.max(max, r.meta.savedAt), 0);
    return { count, images, entries: (onPost) => epubEntries({ title, modified }, rows, posts(), images, readImagesAhead, tools, onPost) };
  }
  const format: PostFormat = settings.format === 'markdown' || settings.format === 'html' ? settings.format : 'hexo';
  const options = {
    format,
    tools,
    names: wantImages ? imageNames(images) : null,
    author: settings.author,
    categories: settings.categories,
    comments: settings.hexoComments,
    clean: format === 'hexo' ? importCleaner() : undefined,
    readImage: readImageBytes,
  };
  return { count, images, entries: (onPost) => bundleEntries(rows.map((r) => r.title), posts(), wantImages ? images : null, readImagesAhead, options, onPost) };
}
