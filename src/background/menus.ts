/**
 * "保存此回答" in the context menu of Zhihu pages, and the `save-in-view` keyboard shortcut.
 * Both, like the popup's button, ask the tab's content script to save the item in view: the
 * capture logic lives there, next to the page. No `tabs`/`activeTab` permission is needed:
 * both events hand us the tab, and tabs.sendMessage needs no permission.
 */
import * as v from 'valibot';
import { SaveInViewReplySchema } from '../messaging/library-schema';
import type { SaveInViewEvent, SaveInViewReply } from '../messaging/protocol';
import type { PostKey } from '../storage/types';
import { wantComments } from './comments/save-comments';

export const MENU_ID = 'zo-save-in-view';
/** The same save, with the item's comments whatever the setting says (issue #17: comments per save). */
export const MENU_COMMENTS_ID = 'zo-save-with-comments';
export const COMMAND = 'save-in-view';
const ZHIHU_PAGES = ['https://www.zhihu.com/*', 'https://zhuanlan.zhihu.com/*'];

/** Menus persist across worker restarts; (re)create them on install and update only. */
export function createMenus(): void {
  chrome.contextMenus.removeAll().then(() => {
    const where = { contexts: ['page', 'selection', 'link', 'image'] as [chrome.contextMenus.ContextType, ...chrome.contextMenus.ContextType[]], documentUrlPatterns: ZHIHU_PAGES };
    chrome.contextMenus.create({ id: MENU_ID, title: chrome.i18n.getMessage('menuSaveItem'), ...where });
    chrome.contextMenus.create({ id: MENU_COMMENTS_ID, title: chrome.i18n.getMessage('menuSaveItemWithComments'), ...where });
  }, (e: unknown) => console.warn('[zhihu-offline] menu', e));
}

export function onMenuClicked(info: chrome.contextMenus.OnClickData, tab: chrome.tabs.Tab | undefined): void {
  if (tab?.id === undefined) return;
  if (info.menuItemId === MENU_ID) void saveInView(tab.id, 'menu').catch(() => undefined);
  if (info.menuItemId === MENU_COMMENTS_ID) {
    const at = Date.now();
    void saveInView(tab.id, 'menu')
      .then(({ key }) => (key ? wantComments(key, at) : undefined))
      .catch(() => undefined);
  }
}

export function onCommand(command: string, tab: chrome.tabs.Tab | undefined): void {
  if (command === COMMAND && tab?.id !== undefined) void saveInView(tab.id, 'command').catch(() => undefined);
}

/** Asks the top frame of `tabId` to save the item in view; the reply is checked like any input. */
export async function saveInView(tabId: number, source: SaveInViewEvent['source']): Promise<SaveInViewReply> {
  const event: SaveInViewEvent = { type: 'content/save-in-view', source };
  const reply: unknown = await chrome.tabs.sendMessage(tabId, event, { frameId: 0 });
  return { key: v.parse(SaveInViewReplySchema, reply).key as PostKey | null };
}
