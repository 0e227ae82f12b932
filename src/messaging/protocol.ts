/**
 * The one typed message protocol. Each message names who may send it; the handler map is
 * typed so that the compiler demands a handler for every message.
 */
import type { CapturedItem } from '../extract/types';
import type { LookupRow } from '../storage/library';
import type { PostKey } from '../storage/types';
import type { SenderKind } from './sender';

export interface SaveResult {
  key: PostKey;
  images: number;
  missingImages: number;
  complete: boolean;
  incompleteReason: string | null;
}

export interface SaveStatus {
  /** saved: in the library; pending: still in the outbox (e.g. the worker was stopped mid-save). */
  state: 'saved' | 'pending' | 'unknown';
  result: SaveResult | null;
}

export interface Protocol {
  'capture/save': { request: { item: CapturedItem }; response: SaveResult };
  'capture/status': { request: { key: PostKey }; response: SaveStatus };
  /** Popup → background: save the item in view in that Zhihu tab (issue #5). */
  'tab/save-in-view': { request: { tabId: number }; response: SaveInViewReply };
  /** Content script → background: which of these items are saved, for the 已保存 badges (issue #5). */
  'library/lookup': { request: { keys: PostKey[] }; response: LookupRow[] };
}

export type MessageType = keyof Protocol;

export const ALLOWED_SENDERS: { [K in MessageType]: readonly SenderKind[] } = {
  'capture/save': ['zhihu-content-script'],
  'capture/status': ['zhihu-content-script', 'extension-page'],
  'tab/save-in-view': ['extension-page'],
  'library/lookup': ['zhihu-content-script'],
};

/** The saved version of an item, for comparing with the live page. */
export type { LookupRow } from '../storage/library';

/** Background → content script: save the item in view (context menu, shortcut, popup). */
export interface SaveInViewEvent {
  type: 'content/save-in-view';
  /** 'menu': prefer the item that was right-clicked. */
  source: 'menu' | 'command' | 'popup';
}

/** The item the content script started saving; null when the page shows none. */
export interface SaveInViewReply {
  key: PostKey | null;
}

/** Background → content script: how far a save is (images stored / total). */
export interface SaveProgressEvent {
  type: 'save/progress';
  key: PostKey;
  done: number;
  total: number;
}

/** Errors cross the boundary as data, then are re-thrown on the caller's side. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** `library-newer`: a newer build wrote the database (update needed); `library-unavailable`: the browser cannot open it. */
export type ErrorCode = 'rejected' | 'invalid' | 'quota' | 'storage' | 'internal' | 'library-newer' | 'library-unavailable' | 'rate-limited';
