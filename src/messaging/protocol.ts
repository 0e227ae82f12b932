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

export interface Protocol {
  'capture/save': { request: { item: CapturedItem }; response: SaveResult };
}

export type MessageType = keyof Protocol;

export const ALLOWED_SENDERS: { [K in MessageType]: readonly SenderKind[] } = {
  'capture/save': ['zhihu-content-script'],
};

/** Errors cross the boundary as data, then are re-thrown on the caller's side. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export type ErrorCode = 'rejected' | 'invalid' | 'quota' | 'storage' | 'internal';
