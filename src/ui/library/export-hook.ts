/**
 * Where the export work (issue #6) plugs into the library's bulk actions: the selected keys open
 * the 导出与导入 page (src/ui/transfer) in its hash, where format, options, progress and cancel live,
 * in one place for the library's selection and the popup's "everything".
 */
import type { PostKey } from '../../storage/types';
import { transferUrl } from '../transfer/transfer-url';

export async function exportSelection(keys: readonly PostKey[]): Promise<void> {
  // A tab of our own page; no `tabs` permission is needed to open one.
  window.open(transferUrl(keys), '_blank', 'noopener');
  await Promise.resolve();
}
