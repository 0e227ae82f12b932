/**
 * One classifier for message senders, from `sender.id`, `sender.tab`, `frameId` and `origin`;
 * never from `sender.url`, which a compromised frame can influence (docs/threats.md §2, T7).
 */
export type SenderKind = 'zhihu-content-script' | 'extension-page' | 'unknown';

export interface SenderLike {
  id?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  origin?: string;
}

const ZHIHU_TAB = /^https:\/\/(www|zhuanlan)\.zhihu\.com\//;

export function classifySender(sender: SenderLike, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) return 'unknown';
  if (sender.origin === ownOrigin) return 'extension-page';
  // Our content script runs only in top frames of Zhihu tabs (manifest matches, no all_frames).
  const tabUrl = sender.tab?.url;
  if (sender.frameId === 0 && typeof tabUrl === 'string' && ZHIHU_TAB.test(tabUrl)) return 'zhihu-content-script';
  return 'unknown';
}
