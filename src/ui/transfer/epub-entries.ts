/**
 * EPUB of the chosen posts, streamed like the other formats: the head (package.opf, nav)
 * needs only titles and image types, known before any content is read; chapters follow one
 * post at a time, then the images.
 */
import { commentsMarkup } from '../../export/comments';
import { chapterFile, chapterXhtml, epubHead, isCoreImage, xmlEscape } from '../../export/epub';
import { imageFileName } from '../../export/image-names';
import type { ZipEntry } from '../../zip/writer';
import { t } from '../../shared/i18n';
import type { ExportImageInfo } from '../../storage/export-images';
import { exportPosts } from '../../storage/export-source';
import type { PostRow } from '../../storage/types';
import { imageEntries, type PageTools } from './image-entries';

export async function* epubPlanEntries(rows: readonly PostRow[], images: readonly ExportImageInfo[], tools: PageTools, onPost: () => void): AsyncGenerator<ZipEntry> {
  const core = images.filter((i) => isCoreImage(i.type));
  const files = new Map(core.map((i) => [i.url, imageFileName(i.url, i.type)]));
  const modified = rows.reduce((max, r) => Math.max(max, r.meta.savedAt), 0);
  const title = rows.length === 1 ? (rows[0]?.title ?? '') : t('epubTitle', rows.length);
  yield* epubHead({ title, modified }, rows, core);
  const local = (url: string): string | null => {
    const file = files.get(url);
    return file ? `../images/${file}` : null;
  };
  let i = 0;
  for await (const chunk of exportPosts(rows, false)) {
    for (const post of chunk) {
      const body = tools.xhtml(post.content, local);
      const author = post.meta.authorInfo.name || post.author;
      const comments = post.commentThread ? commentsMarkup(post.commentThread, { body: (html) => tools.xhtml(html, local), escape: xmlEscape }) : undefined;
      yield { name: `OEBPS/${chapterFile(i++)}`, data: chapterXhtml({ key: post.key, title: post.title, author, date: post.date, url: post.meta.url, body, ...(comments ? { comments } : {}) }) };
      onPost();
    }
  }
  yield* imageEntries(core, 'OEBPS/images/');
}
