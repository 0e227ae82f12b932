/** The import half of the page: pick files or a folder, import, show the report or why not. */
import { formatDate, formatNumber, t } from '../../shared/i18n';
import type { ImportReport } from '../../import/result';
import { h, mustGet } from '../shared/dom';
import { importFiles } from './import-run';
import { failureText, reasonText } from './reasons';
import { journaled, takeInterrupted } from './transfer-journal';

/** Refused images are listed with the skips (by URL) but counted apart: the summary counts posts in 篇. */
const IMAGE_REASON = 'image_not_raster';

function summary(report: ImportReport): string {
  const posts = report.skipped.filter((s) => s.reason !== IMAGE_REASON);
  const images = report.skipped.length - posts.length;
  let head = t('importDone', formatNumber(report.imported), formatNumber(posts.length));
  if (posts.length) {
    const counts = new Map<string, number>();
    for (const s of posts) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
    head += t('importReasons', [...counts].map(([r, n]) => t('importReasonCount', reasonText(r), formatNumber(n))).join('；'));
  }
  return images ? `${head}${t('importImagesRefused', formatNumber(images))}` : head;
}

function showReport(report: ImportReport): void {
  mustGet('import-status').textContent = summary(report);
  const skipped = report.skipped.slice(0, 500).map((s) => h('li', {}, `${s.name}：${reasonText(s.reason)}`));
  // Every post whose text an import changed or could have changed is named: nothing is replaced silently.
  const replaced = report.replaced.length
    ? [h('li', { class: 'tf-replaced-head' }, t('importReplacedHeading')), ...report.replaced.map((r) => h('li', { class: 'tf-replaced' }, `${r.name}：${t(r.kept === 'incoming' ? 'importKeptIncoming' : 'importKeptExisting')}`))]
    : [];
  mustGet('import-skipped').replaceChildren(...replaced, ...skipped);
}

async function run(files: File[], input: HTMLInputElement): Promise<void> {
  const status = mustGet('import-status');
  const bar = mustGet<HTMLProgressElement>('import-progress');
  const cancel = mustGet<HTMLButtonElement>('import-cancel');
  const ctrl = new AbortController();
  const onCancel = (): void => ctrl.abort();
  cancel.addEventListener('click', onCancel);
  cancel.hidden = false;
  bar.hidden = false;
  bar.removeAttribute('value');
  status.className = '';
  status.textContent = t('importRunning');
  mustGet('import-skipped').replaceChildren();
  // One line for both: posts are read first, then images (src/storage/import-apply.ts).
  const progress = { posts: [0, 0], images: [0, 0] };
  const showProgress = (): void => {
    const [posts = 0, postsTotal = 0] = progress.posts;
    const [images = 0, imagesTotal = 0] = progress.images;
    bar.max = Math.max(1, postsTotal + imagesTotal);
    bar.value = posts + images;
    status.textContent = t('importProgress', formatNumber(posts), formatNumber(postsTotal), formatNumber(images), formatNumber(imagesTotal));
  };
  try {
    const outcome = await journaled({ kind: 'import', files: files.length }, () => importFiles(files, {
      signal: ctrl.signal,
      onPosts: (done, total) => {
        progress.posts = [done, total];
        showProgress();
      },
      onImages: (done, total) => {
        progress.images = [done, total];
        showProgress();
      },
      onCommit: () => {
        bar.removeAttribute('value');
        status.textContent = t('importCommitting');
      },
    }));
    if (outcome.ok) showReport(outcome.report);
    else {
      status.className = 'tf-error';
      status.textContent = failureText(outcome.code, outcome.detail);
      // The detail is for bug reports, not for the sentence the user reads.
      status.title = outcome.detail;
    }
  } finally {
    cancel.removeEventListener('click', onCancel);
    cancel.hidden = true;
    bar.hidden = true;
    input.value = '';
  }
}

/**
 * Says so when the last import died with its page (transfer-journal.ts). Its commit is one
 * transaction, so only the posts it had staged and the images it had written are left, referenced
 * by nothing: they are removed now rather than at the next daily sweep (they can be gigabytes).
 * A stage left by an import whose journal entry is gone too (another page's) is cleared either way.
 */
async function reportInterrupted(): Promise<void> {
  const last = (await takeInterrupted('import')).at(-1);
  document.body.dataset.importJournal = 'read';
  const { dropStaleStages, sweepOrphanImages } = await import('../../storage/images');
  if (!last) {
    await dropStaleStages();
    return;
  }
  const status = mustGet('import-status');
  if (!status.textContent) {
    status.className = 'tf-error';
    status.textContent = t('importInterrupted', formatDate(last.startedAt));
  }
  const swept = await sweepOrphanImages();
  document.body.dataset.importSwept = String(swept);
}

export function setUpImport(): void {
  void reportInterrupted().catch((e: unknown) => console.warn('[zhihu-offline] interrupted import check failed', e));
  for (const id of ['import-files', 'import-folder']) {
    const input = mustGet<HTMLInputElement>(id);
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []);
      if (files.length) void run(files, input);
    });
  }
}
