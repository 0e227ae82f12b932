/**
 * The export half of the page: format, options, scope and destination from the form; a progress
 * bar with counts; Cancel aborts one AbortController that ends the ZIP worker (zip-in-worker.ts:
 * the file it was writing is dropped) or the folder writer, so nothing half-written is kept.
 */
import { formatDate, formatNumber, t } from '../../shared/i18n';
import type { PostKey } from '../../storage/types';
import { mustGet } from '../shared/dom';
import { planExport, type ExportFormat, type ExportPlan, type ExportSettings, type PageTools } from './entries';
import { exportFailureReason } from './export-failure';
import { journaled, takeInterrupted, type ExportDest } from './transfer-journal';
import { writeToFolder } from './folder-export';
import { download, pickerWindow, pickSaveFile } from './save-stream';
import { zipInWorker } from './zip-in-worker';

type Dest = ExportDest;
const PER_POST_FORMATS: readonly ExportFormat[] = ['hexo', 'markdown', 'html'];
const MB = 1024 * 1024;

function radio(form: HTMLFormElement, name: string): string {
  return (form.elements.namedItem(name) as RadioNodeList | null)?.value ?? '';
}

function settingsOf(form: HTMLFormElement, selection: readonly PostKey[] | null): ExportSettings {
  const categories = (form.elements.namedItem('categories') as HTMLInputElement).value.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
  return {
    format: radio(form, 'format') as ExportFormat,
    keys: radio(form, 'scope') === 'selection' ? selection : null,
    author: radio(form, 'author') === 'zhihu' ? 'zhihu' : 'answerer',
    bundleImages: radio(form, 'images') === 'bundled',
    categories: categories.length ? categories : null,
    hexoComments: (form.elements.namedItem('hexo-comments') as HTMLInputElement | null)?.checked === true,
  };
}

export function exportFileName(format: ExportFormat, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `zhihu-offline-${format}-${day}.${format === 'epub' ? 'epub' : 'zip'}`;
}

/** Shows which options apply to the chosen format and destination. */
export function syncOptions(form: HTMLFormElement): void {
  const format = radio(form, 'format') as ExportFormat;
  mustGet('hexo-options').hidden = format !== 'hexo';
  mustGet('image-options').hidden = format !== 'hexo' && format !== 'markdown';
  mustGet('dest-picker-label').hidden = !pickerWindow().showSaveFilePicker;
  mustGet('dest-folder-label').hidden = !pickerWindow().showDirectoryPicker || !PER_POST_FORMATS.includes(format);
}

/** At most 10 updates a second; the latest values are always shown in the end, even when the export stalls. */
class ProgressView {
  private last = 0;
  private done = 0;
  private bytes = 0;
  // One timer at a time, not one per post: re-arming it per post cost time and heap (README, export figures).
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  constructor(private readonly total: number) {}
  stop(): void {
    if (this.trailing !== null) clearTimeout(this.trailing);
    this.trailing = null;
    this.stopped = true;
  }
  show(done: number, bytes: number): void {
    this.done = done;
    this.bytes = bytes;
    if (this.stopped || this.trailing !== null) return;
    const wait = this.last + 100 - performance.now();
    if (wait > 0) this.trailing = setTimeout(() => this.render(), wait);
    else this.render();
  }
  private render(): void {
    this.trailing = null;
    if (this.stopped) return;
    this.last = performance.now();
    const bar = mustGet<HTMLProgressElement>('export-progress');
    bar.max = Math.max(1, this.total);
    bar.value = this.done;
    status(t('exportRunning', formatNumber(this.done), formatNumber(this.total), (this.bytes / MB).toFixed(1)));
  }
}

function status(text: string, error = false): void {
  const el = mustGet('export-status');
  el.textContent = text;
  el.className = error ? 'tf-error' : 'muted';
}

async function run(settings: ExportSettings, dest: Dest, tools: PageTools, signal: AbortSignal): Promise<void> {
  const name = exportFileName(settings.format);
  // Pickers need the click's user activation: ask before any other await.
  const file = dest === 'picker' ? await pickSaveFile(name) : null;
  const folder = dest === 'folder' ? await pickerWindow().showDirectoryPicker?.call(window, { mode: 'readwrite', id: 'zhihu-offline-export' }) : null;
  if ((dest === 'picker' && !file) || (dest === 'folder' && !folder)) return;
  // Journaled only once the pickers are done: they need the click's activation.
  await journaled({ kind: 'export', format: settings.format, dest }, () => write(settings, { file, folder, name }, tools, signal));
}

interface Target {
  file: FileSystemFileHandle | null;
  folder: FileSystemDirectoryHandle | null | undefined;
  name: string;
}

async function write(settings: ExportSettings, target: Target, tools: PageTools, signal: AbortSignal): Promise<void> {
  performance.mark('zo-export-start');
  const plan = await planExport(settings, tools);
  performance.mark('zo-export-planned'); // the bench reports planning apart from writing
  if (!plan.count) return status(t('exportNothing'));
  const view = new ProgressView(plan.count);
  mustGet('export-progress').hidden = false;
  try {
    await writePlan(settings.format, plan, target, view, signal);
  } finally {
    view.stop(); // a late progress line must not replace the outcome
  }
}

async function writePlan(format: ExportFormat, plan: ExportPlan, { file, folder, name }: Target, view: ProgressView, signal: AbortSignal): Promise<void> {
  let done = 0;
  let bytes = 0;
  const onPost = (): void => view.show(++done, bytes);
  if (folder) {
    const r = await writeToFolder(folder, plan.entries(onPost), signal);
    return status(t('folderDone', formatNumber(done), formatNumber(r.written), formatNumber(r.unchanged)));
  }
  const onProgress = (p: { bytes: number }): void => {
    bytes = p.bytes;
    view.show(done, bytes);
  };
  const type = format === 'epub' ? 'application/epub+zip' : 'application/zip';
  const zip = await zipInWorker(plan.entries(onPost), file ? { to: 'file', handle: file } : { to: 'blob', type }, { signal, onProgress });
  signal.throwIfAborted(); // a Cancel that came with the last chunk still saves nothing
  bytes = zip.bytes;
  if (zip.blob) download(zip.blob, name);
  performance.mark('zo-export-end');
  document.body.dataset.exportBytes = String(bytes);
  status(t('exportDone', formatNumber(done), (bytes / MB).toFixed(1)));
}

/** Names short enough for a sentence (the form's labels carry explanations in parentheses). */
const FORMAT_NAME: Readonly<Record<string, string>> = { hexo: 'Hexo', markdown: 'Markdown', html: 'HTML', backup: 'JSON', epub: 'EPUB' };
const INTERRUPTED = { download: 'exportInterruptedDownload', picker: 'exportInterruptedPicker', folder: 'exportInterruptedFolder' } as const;

/** Says so when the last export died with its page (transfer-journal.ts), e.g. in an extension update. */
async function reportInterrupted(): Promise<void> {
  const last = (await takeInterrupted('export')).at(-1);
  // Tests wait for this before they judge that nothing was reported.
  document.body.dataset.exportJournal = 'read';
  if (!last || document.body.dataset.exportState) return;
  status(t(INTERRUPTED[last.dest], formatDate(last.startedAt), FORMAT_NAME[last.format] ?? last.format), true);
  document.body.dataset.exportState = 'interrupted';
}

export function setUpExport(form: HTMLFormElement, selection: readonly PostKey[] | null, tools: PageTools): void {
  void reportInterrupted();
  const start = mustGet<HTMLButtonElement>('export-start');
  const cancel = mustGet<HTMLButtonElement>('export-cancel');
  form.addEventListener('change', () => syncOptions(form));
  syncOptions(form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const ctrl = new AbortController();
    const onCancel = (): void => ctrl.abort();
    cancel.addEventListener('click', onCancel);
    start.disabled = true;
    cancel.hidden = false;
    document.body.dataset.exportState = 'running';
    const dest = radio(form, 'dest') as Dest;
    run(settingsOf(form, selection), dest, tools, ctrl.signal)
      .then(() => (document.body.dataset.exportState = 'done'))
      .catch((err: unknown) => {
        document.body.dataset.exportState = ctrl.signal.aborted ? 'cancelled' : 'failed';
        // A folder export writes file by file: what was written before the cancel stays, and is whole.
        if (ctrl.signal.aborted) status(t(dest === 'folder' ? 'exportCancelledFolder' : 'exportCancelled'));
        else status(t('exportFailed', exportFailureReason(err)), true);
      })
      .finally(() => {
        cancel.removeEventListener('click', onCancel);
        start.disabled = false;
        cancel.hidden = true;
        mustGet('export-progress').hidden = true;
      });
  });
}
