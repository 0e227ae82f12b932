/** The 导出与导入 page's URL, optionally with a selection of posts (`#keys=a,b,…`). */
import type { PostKey } from '../../storage/types';

export const TRANSFER_PAGE = 'src/ui/transfer/transfer.html';

export function transferUrl(keys: readonly PostKey[] = []): string {
  const hash = keys.length ? `#keys=${keys.map(encodeURIComponent).join(',')}` : '';
  return chrome.runtime.getURL(`${TRANSFER_PAGE}${hash}`);
}
