/**
 * The one typed message protocol. Each message names who may send it; the handler map is
 * typed so that the compiler demands a handler for every message.
 */
import type { CapturedItem } from '../extract/types';
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
}

export type MessageType = keyof Protocol;

export const ALLOWED_SENDERS: { [K in MessageType]: readonly SenderKind[] } = {
  'capture/save': ['zhihu-content-script'],
  'capture/status': ['zhihu-content-script', 'extension-page'],
};

/** Background → content script: how far a save is (images stored / total). */
export interface SaveProgressEvent {
  type: 'save/progress';
  key: PostKey;
  done: number;
  total: number;
}

/** Errors cross the boundary as data, then are re-thrown on the caller's side. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export type ErrorCode = 'rejected' | 'invalid' | 'quota' | 'storage' | 'internal';
