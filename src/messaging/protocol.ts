/**
 * The one typed message protocol. Each message names who may send it; the handler map is
 * typed so that the compiler demands a handler for every message.
 */
import type { CapturedItem } from '../extract/types';
import type { SyncConfig } from '../sync/config';
import type { SyncState } from '../sync/engine';
import type { BatchReason, BatchSource, BatchState } from '../storage/batch-types';
import type { BatchView } from '../shared/batch-text';
import type { LookupRow } from '../storage/library';
import type { CommentReason, CommentState, PostKey } from '../storage/types';
import type { WatchCounts } from '../storage/watch-types';
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
  /** Content script → background: save every item of the list this page shows (issue #14). */
  'batch/start': { request: BatchStartRequest; response: BatchSummary };
  /** Content script of a list page, once idle → background: inject the 保存全部… button's script into this tab. */
  'batch/offer': { request: Record<string, never>; response: null };
  /** Continue a paused batch (after verification, login or a network failure). */
  'batch/resume': { request: { id: string }; response: BatchSummary | null };
  /** Stop a batch; what was saved stays, whole. */
  'batch/cancel': { request: { id: string }; response: BatchSummary | null };
  /** The library panel: pause a running batch after the item in hand. */
  'batch/pause': { request: { id: string }; response: BatchSummary | null };
  /** The library panel: save the failed items of a batch again. */
  'batch/retry': { request: { id: string }; response: BatchSummary | null };
  /**
   * The page driver in a question's tab (src/content/page-driver.ts) → background: answers the page rendered
   * since the last message; `end`: the list brought nothing more. The reply says whether to go on, and how long
   * to wait before the next scroll (the batch's pace).
   */
  'batch/page-items': { request: { items: CapturedItem[]; end: boolean }; response: PageItemsReply };
  /** Content script → background: fetch one item's API JSON for a click-save, through the one scheduler (#14). */
  'zhihu/item': { request: { url: string }; response: { json: unknown } };
  /** Reader → background: fetch (again) the comments of a saved post, through the one scheduler (#17); null: no such post. */
  'comments/fetch': { request: { key: PostKey }; response: CommentFetchResult | null };
  /** The offscreen document of an automatic sync (issue #16) → background: the settings and this device's state. */
  'sync/load': { request: Record<string, never>; response: { config: SyncConfig | null; state: SyncState } };
  /** … and how it ended (the new state and report, or a failure's kind): stored, and the document closed. */
  'sync/finished': { request: { state: unknown; last: unknown; failure: string | null }; response: null };
  /** Library → background: 立即检查 (issue #17), of the selection or (null) everything; null: nothing to check. */
  'watch/check': { request: { keys: PostKey[] | null }; response: WatchSummary | null };
  /** Library panel: continue a paused check, pause or cancel a running one. */
  'watch/resume': { request: { id: string }; response: WatchSummary | null };
  'watch/pause': { request: { id: string }; response: WatchSummary | null };
  'watch/cancel': { request: { id: string }; response: WatchSummary | null };
}

/** A check of the watch as the library shows it (storage/watch-types.ts WatchRunRow). */
export interface WatchSummary {
  id: string;
  state: BatchState;
  reason: BatchReason | null;
  total: number;
  /** Items not asked about yet. */
  pending: number;
  counts: WatchCounts;
}

/** How a comment fetch ended: the stored set's state and counts (src/storage/types.ts CommentThread). */
export interface CommentFetchResult {
  state: CommentState;
  reason: CommentReason | null;
  total: number | null;
  kept: number;
}

export interface BatchStartRequest {
  source: BatchSource;
  next: string | null;
  items: CapturedItem[];
  total: number | null;
  name: string;
  topics: string[];
}

export interface PageItemsReply {
  go: boolean;
  delayMs: number;
}

/** A batch as the page button (and later the library panel) shows it. */
export interface BatchSummary {
  id: string;
  state: BatchState;
  reason: BatchReason | null;
  /** Saved + skipped (already in the library, unchanged). */
  done: number;
  failed: number;
  unavailable: number;
  /** Items known so far, or the page's count when larger. */
  total: number;
  /** The state in words and as the button's data-zo-state (src/shared/batch-text.ts). */
  view: BatchView;
  text: string;
}

/** Background → content script: a batch moved on. */
export interface BatchProgressEvent extends BatchSummary {
  type: 'batch/progress';
}

/** Background → content script: normalize this API object with the pure extractor (the worker has no DOM parser). */
export interface NormalizeEvent {
  type: 'content/normalize';
  object: Record<string, unknown>;
  sourceUrl: string;
}

export type MessageType = keyof Protocol;

export const ALLOWED_SENDERS: { [K in MessageType]: readonly SenderKind[] } = {
  'capture/save': ['zhihu-content-script'],
  'capture/status': ['zhihu-content-script', 'extension-page'],
  'tab/save-in-view': ['extension-page'],
  'library/lookup': ['zhihu-content-script'],
  // A content script may start, resume or cancel only the batch of the page it is on (router checks the tab).
  'batch/start': ['zhihu-content-script'],
  'batch/offer': ['zhihu-content-script'],
  'batch/resume': ['zhihu-content-script', 'extension-page'],
  'batch/cancel': ['zhihu-content-script', 'extension-page'],
  'batch/pause': ['extension-page'],
  'batch/retry': ['extension-page'],
  // Only the batch of the question the tab shows, and only while that batch is driven by this page (page-driver.ts).
  'batch/page-items': ['zhihu-content-script'],
  'zhihu/item': ['zhihu-content-script'],
  'comments/fetch': ['extension-page'],
  'sync/load': ['extension-page'],
  'sync/finished': ['extension-page'],
  'watch/check': ['extension-page'],
  'watch/resume': ['extension-page'],
  'watch/pause': ['extension-page'],
  'watch/cancel': ['extension-page'],
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
