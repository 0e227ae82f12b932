/** Checks who sent a message and what it holds, then dispatches it. Fails closed. */
import * as v from 'valibot';
import { ALLOWED_SENDERS, type BatchStartRequest, type ErrorCode, type MessageType, type Protocol, type Reply, type SaveProgressEvent } from '../messaging/protocol';
import { CommentsFetchRequestSchema, LookupRequestSchema, SaveInViewRequestSchema } from '../messaging/library-schema';
import { BatchCancelRequestSchema, BatchOfferRequestSchema, BatchPageItemsRequestSchema, BatchPauseRequestSchema, BatchResumeRequestSchema, BatchRetryRequestSchema, BatchStartRequestSchema, ZhihuItemRequestSchema } from '../messaging/batch-schema';
import { sameSource, sourceFromUrl } from '../shared/batch-source';
import type { BatchSource } from '../storage/batch-types';
import { getBatch } from '../storage/batches';
import { cancelBatch, pauseBatch, resumeBatch, retryBatch, startBatch } from './batch/control';
import { resumeWaitingForTab, runBatch } from './batch/engine';
import { takeRendered } from './batch/page-driver';
import { offerSaveAll } from './batch/save-all-button';
import { syncFinished, syncLoad } from './sync';
import type { SyncState } from '../sync/engine';
import type { SyncLast } from '../sync/config';
import { SyncFinishedRequestSchema, SyncLoadRequestSchema } from '../messaging/sync-schema';
import type { CapturedItem } from '../extract/types';
import { SaveRequestSchema, StatusRequestSchema } from '../messaging/schema';
import { openLibrary } from '../storage/db';
import { lookup } from '../storage/library';
import { openFailureKind } from '../storage/open-failure';
import { classifySender } from '../messaging/sender';
import type { PostKey } from '../storage/types';
import { UserFacingError, isQuotaError } from './errors';
import { takeSave } from './save-rate';
import { saveStatus } from './status';
import { saveInView } from './menus';
import { CLICK_LANE, commentsAfterClick, saveComments } from './comments/save-comments';
import { submitSave } from './queue';
import { cancelWatch, pauseWatch, resumeWatch, startWatch } from './watch/control';
import { resumeWatchForTab } from './watch/engine';
import { WatchCancelRequestSchema, WatchCheckRequestSchema, WatchPauseRequestSchema, WatchResumeRequestSchema } from '../messaging/watch-schema';
import { zhihu } from './zhihu';

interface Context {
  tabId: number | undefined;
  /** The sender tab's URL when a content script sent it (the browser's, not the payload's). */
  tabUrl: string | undefined;
}

/**
 * Every message type has a strict schema (the compiler demands one per type); the router checks it
 * before any handler runs, so handlers see only validated data (#7).
 */
export const REQUEST_SCHEMAS = {
  'capture/save': SaveRequestSchema,
  'capture/status': StatusRequestSchema,
  'tab/save-in-view': SaveInViewRequestSchema,
  'library/lookup': LookupRequestSchema,
  'batch/start': BatchStartRequestSchema,
  'batch/offer': BatchOfferRequestSchema,
  'batch/resume': BatchResumeRequestSchema,
  'batch/cancel': BatchCancelRequestSchema,
  'batch/pause': BatchPauseRequestSchema,
  'batch/retry': BatchRetryRequestSchema,
  'batch/page-items': BatchPageItemsRequestSchema,
  'zhihu/item': ZhihuItemRequestSchema,
  'comments/fetch': CommentsFetchRequestSchema,
  'sync/load': SyncLoadRequestSchema,
  'sync/finished': SyncFinishedRequestSchema,
  'watch/check': WatchCheckRequestSchema,
  'watch/resume': WatchResumeRequestSchema,
  'watch/pause': WatchPauseRequestSchema,
  'watch/cancel': WatchCancelRequestSchema,
} as const satisfies { [K in MessageType]: v.GenericSchema<unknown, { type: K }> };

type Request<K extends MessageType> = v.InferOutput<(typeof REQUEST_SCHEMAS)[K]>;
type Handlers = { [K in MessageType]: (message: Request<K>, ctx: Context) => Promise<Protocol[K]['response']> };

// Handlers that touch the library open it first: while it cannot be opened (a newer build wrote
// it, or the browser fails to), saves are refused with that reason and nothing is written (R11, R13).
const handlers: Handlers = {
  'capture/save': async ({ item }, ctx) => {
    if (!takeSave(ctx.tabId)) throw new UserFacingError('rate-limited', 'too many saves from this tab');
    await openLibrary();
    // A click goes ahead of any running batch: batches wait while it runs (zhihu-fetch.ts).
    const result = await zhihu.asClick(() => submitSave(item, (done, total) => notifyProgress(ctx.tabId, `${item.kind}:${item.id}`, done, total)));
    // Its comments afterwards, paced, when the setting asks for them: the button does not wait for them.
    void commentsAfterClick(result.key);
    return result;
  },
  'capture/status': async ({ key }) => {
    await openLibrary();
    return saveStatus(key as PostKey);
  },
  'tab/save-in-view': async ({ tabId }) => saveInView(tabId, 'popup'),
  'library/lookup': async ({ keys }, ctx) => {
    await openLibrary();
    if (ctx.tabId !== undefined && ctx.tabUrl !== undefined) void resumeWaitingForTab(ctx.tabId, ctx.tabUrl).catch((e: unknown) => console.warn('[zhihu-offline] batch resume failed', e));
    if (ctx.tabId !== undefined) void resumeWatchForTab().catch((e: unknown) => console.warn('[zhihu-offline] watch resume failed', e));
    return lookup(keys as PostKey[]);
  },
  'batch/start': async (req, ctx) => {
    await openLibrary();
    const page = ctx.tabUrl ? sourceFromUrl(ctx.tabUrl) : null;
    // A tab may batch-save only the list it shows (T7: the page is a neighbour, not a master).
    if (!ctx.tabUrl || !page || !sameSource(page, req.source as BatchSource)) throw new UserFacingError('rejected', 'not the list of this page');
    return startBatch(req as BatchStartRequest, ctx.tabUrl, ctx.tabId ?? null);
  },
  'batch/offer': async (_req, ctx) => (ctx.tabId !== undefined && ctx.tabUrl ? offerSaveAll(ctx.tabId, ctx.tabUrl) : null),
  'batch/resume': async ({ id }, ctx) => {
    await openLibrary();
    await checkBatchTab(id, ctx);
    return resumeBatch(id, ctx.tabId ?? null);
  },
  'batch/cancel': async ({ id }, ctx) => {
    await openLibrary();
    await checkBatchTab(id, ctx);
    return cancelBatch(id);
  },
  'batch/pause': async ({ id }) => {
    await openLibrary();
    return pauseBatch(id);
  },
  'batch/retry': async ({ id }) => {
    await openLibrary();
    return retryBatch(id);
  },
  'batch/page-items': async ({ items, end }, ctx) => {
    await openLibrary();
    if (!ctx.tabUrl || ctx.tabId === undefined) throw new UserFacingError('rejected', 'not from a tab');
    return takeRendered(items as CapturedItem[], end, ctx.tabUrl, ctx.tabId, (id) => void runBatch(id));
  },
  'zhihu/item': async ({ url }) => {
    const outcome = await zhihu.click(url);
    // Anything but the item (anti-bot page, 403, 401…) leaves the click-save to keep what the page had.
    if (outcome.kind !== 'ok') throw new Error(`zhihu api: ${outcome.kind} (${outcome.detail})`);
    return { json: outcome.json };
  },
  'comments/fetch': async ({ key }) => {
    await openLibrary();
    // The user asked for this one: paced in the click-saves' comment lane, like theirs.
    const thread = await saveComments(key as PostKey, CLICK_LANE);
    return thread ? { state: thread.state, reason: thread.reason, total: thread.total, kept: thread.kept } : null;
  },
  'sync/load': async () => syncLoad(),
  'sync/finished': async ({ state, last, failure }) => syncFinished(state as SyncState | null, last as SyncLast | null, failure),
  'watch/check': async ({ keys }) => {
    await openLibrary();
    return startWatch(keys as PostKey[] | null, 'manual');
  },
  'watch/resume': async ({ id }) => {
    await openLibrary();
    return resumeWatch(id);
  },
  'watch/pause': async ({ id }) => {
    await openLibrary();
    return pauseWatch(id);
  },
  'watch/cancel': async ({ id }) => {
    await openLibrary();
    return cancelWatch(id);
  },
};

/** From a tab, only the batch of that tab's own list; extension pages (no tab URL) may control any. */
async function checkBatchTab(id: string, ctx: Context): Promise<void> {
  if (ctx.tabUrl === undefined) return;
  const page = sourceFromUrl(ctx.tabUrl);
  const batch = await getBatch(id);
  if (!page || (batch && !sameSource(page, batch.source))) throw new UserFacingError('rejected', 'not the list of this page');
}

function dispatch<K extends MessageType>(type: K, message: unknown, ctx: Context): Promise<Protocol[K]['response']> | null {
  const parsed = v.safeParse(REQUEST_SCHEMAS[type], message);
  if (!parsed.success) return null;
  return handlers[type](parsed.output as Request<K>, ctx);
}

function isKnownType(t: unknown): t is MessageType {
  return typeof t === 'string' && Object.hasOwn(handlers, t);
}

export async function handleMessage(message: unknown, sender: chrome.runtime.MessageSender): Promise<Reply<unknown>> {
  const type = (message as { type?: unknown } | null)?.type;
  // getURL('/') minus its slash, not new URL(...).origin: URL parsers that don't know the
  // chrome-extension:/moz-extension: schemes give "null" as their origin.
  const kind = classifySender(sender, chrome.runtime.id, chrome.runtime.getURL('/').replace(/\/$/, ''));
  if (!isKnownType(type) || !ALLOWED_SENDERS[type].includes(kind)) {
    console.warn('[zhihu-offline] rejected message', { type, kind });
    return fail('rejected', 'message rejected');
  }
  try {
    // The tab is the sender's own, never one named in the payload (T7).
    const fromTab = kind === 'zhihu-content-script';
    const pending = dispatch(type, message, { tabId: fromTab ? sender.tab?.id : undefined, tabUrl: fromTab ? sender.tab?.url : undefined });
    if (!pending) {
      console.warn('[zhihu-offline] rejected invalid message', { type, kind });
      return fail('invalid', 'message does not match its schema');
    }
    return { ok: true, value: await pending };
  } catch (e) {
    return fail(errorCode(e), e instanceof Error ? e.message : String(e));
  }
}

function notifyProgress(tabId: number | undefined, key: string, done: number, total: number): void {
  if (tabId === undefined) return;
  const event = { type: 'save/progress', key, done, total } as SaveProgressEvent;
  // The tab may have navigated away; progress is a courtesy, the save goes on regardless.
  chrome.tabs.sendMessage(tabId, event, { frameId: 0 }).catch(() => undefined);
}

function errorCode(e: unknown): ErrorCode {
  if (e instanceof UserFacingError) return e.code;
  if (e instanceof v.ValiError) return 'invalid';
  const openFailure = openFailureKind(e);
  if (openFailure === 'newer') return 'library-newer';
  if (openFailure === 'unavailable') return 'library-unavailable';
  if (openFailure === 'quota') return 'quota';
  if (isQuotaError(e)) return 'quota';
  const name = e instanceof Error ? e.name : '';
  if (name.endsWith('Error') && name !== 'Error' && name !== 'TypeError') return 'storage';
  return 'internal';
}

function fail(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}
