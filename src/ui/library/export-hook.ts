/**
 * Where the export work (issue #6) plugs into the library's bulk actions. Until an exporter
 * registers here, the library shows no export button at all — never a button that does nothing.
 *
 * Usage (from the export UI): `registerExporter((keys, progress) => exportAsZip(keys, progress))`.
 */
import type { PostKey } from '../../storage/types';

export type Exporter = (keys: readonly PostKey[], progress: (done: number, total: number) => void) => Promise<void>;

let exporter: Exporter | null = null;

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
