/**
 * The recovery panel's "export what can still be read" (docs/faults.md R13): when the
 * library cannot be opened for use but the browser can still read it (an upgrade that cannot
 * finish, a disk too full for one), offer a backup ZIP before the user tries anything else. It is
 * the export page's backup format, so the import page takes it back. Nothing is written to the library.
 */
import { t } from '../../shared/i18n';
import type { RescuedLibrary } from '../../storage/rescue-read';
import { h } from './dom';

/** Reads what it can and, if there is anything, adds the export to `panel`. Marks the panel `data-zo-readable`. */
export async function offerRescueExport(panel: HTMLElement): Promise<void> {
  const { readForRescue } = await import('../../storage/rescue-read');
  const rescued = await readForRescue();
  if (!rescued?.posts.length) {
    panel.dataset.zoReadable = 'no';
    return;
  }
  const status = h('span', { class: 'muted', role: 'status' });
  const button = h('button', { type: 'button', 'data-zo-rescue': '' }, t('recoveryExport'));
  button.addEventListener('click', () => void exportBackup(rescued, button, status));
  panel.querySelector('h2')?.after(h('p', {}, t('recoveryReadable', rescued.posts.length)), h('p', {}, button, ' ', status));
  panel.dataset.zoReadable = 'yes';
}

async function exportBackup(rescued: RescuedLibrary, button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  button.disabled = true;
  status.textContent = t('recoveryExporting');
  try {
    // Loaded on demand: the ZIP writer is not needed on any page's normal path.
    const [{ backupZip, sourceOf }, { download, streamToBlob }] = await Promise.all([import('../../backup/write'), import('../transfer/save-stream')]);
    const blob = await streamToBlob(backupZip(sourceOf(rescued.posts, rescued.images)), 'application/zip');
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    download(blob, `zhihu-offline-backup-${day}.zip`);
    status.textContent = t('recoveryExported');
  } catch (e) {
    status.textContent = t('recoveryExportFailed', e instanceof Error ? e.message : String(e));
  } finally {
    button.disabled = false;
  }
}
