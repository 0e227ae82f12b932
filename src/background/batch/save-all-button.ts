/**
 * Injects the 保存全部… button's script (src/content/save-all-entry.ts) into a list page that asked for it:
 * only the tab's own frame, only when the tab (as the browser reports it, not as the page says) shows a
 * list batch save knows. The script places one button however often it is injected.
 */
import saveAllFile from '../../content/save-all-entry.ts?script&iife';
import { sourceFromUrl } from '../../shared/batch-source';

export async function offerSaveAll(tabId: number, tabUrl: string): Promise<null> {
  if (!sourceFromUrl(tabUrl)) return null;
  await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [saveAllFile] });
  return null;
}
