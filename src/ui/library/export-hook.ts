/**
 * Where the export work (issue #6) plugs into the library's bulk actions. Until an exporter
 * registers here, the library shows no export button at all — never a button that does nothing.
 *
 * The default exporter opens the 导出与导入 page (src/ui/transfer) with the selected keys in
 * its hash: format, options, progress and cancel live there, in one place for the library's
 * selection and the popup's "everything". `registerExporter` still lets a test swap it.
 */
import type { PostKey } from '../../storage/types';
import { transferUrl } from '../transfer/transfer-url';

export type Exporter = (keys: readonly PostKey[], progress: (done: number, total: number) => void) => Promise<void>;

const openTransferPage: Exporter = async (keys) => {
  // A tab of our own page; no `tabs` permission is needed to open one.
  window.open(transferUrl(keys), '_blank', 'noopener');
  await Promise.resolve();
};

let exporter: Exporter | null = openTransferPage;

export function registerExporter(fn: Exporter): void {
  exporter = fn;
}

export function exportAvailable(): boolean {
  return exporter !== null;
}

export async function exportSelection(keys: readonly PostKey[], progress: (done: number, total: number) => void): Promise<void> {
  if (!exporter) throw new Error('no exporter registered');
  await exporter(keys, progress);
}
