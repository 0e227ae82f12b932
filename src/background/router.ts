/** Checks who sent a message and what it holds, then dispatches it. Fails closed. */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { ALLOWED_SENDERS, type ErrorCode, type MessageType, type Protocol, type Reply, type SaveProgressEvent } from '../messaging/protocol';
import { LookupRequestSchema, SaveInViewRequestSchema } from '../messaging/library-schema';
import { SaveRequestSchema, StatusRequestSchema } from '../messaging/schema';
import { lookup } from '../storage/library';
import { classifySender } from '../messaging/sender';
import type { PostKey } from '../storage/types';
import { UserFacingError, isQuotaError } from './errors';
import { saveStatus } from './status';
import { saveInView } from './menus';
import { submitSave } from './queue';

interface Context {
  tabId: number | undefined;
}

type Handlers = { [K in MessageType]: (message: unknown, ctx: Context) => Promise<Protocol[K]['response']> };

const handlers: Handlers = {
  'capture/save': async (message, ctx) => {
    const { item } = v.parse(SaveRequestSchema, message);
    return submitSave(item, (done, total) => notifyProgress(ctx.tabId, `${item.kind}:${item.id}`, done, total));
  },
  'capture/status': async (message) => saveStatus(v.parse(StatusRequestSchema, message).key as PostKey),
  'tab/save-in-view': async (message) => saveInView(v.parse(SaveInViewRequestSchema, message).tabId, 'popup'),
  'library/lookup': async (message) => lookup(v.parse(LookupRequestSchema, message).keys as PostKey[]),
};

function isKnownType(t: unknown): t is MessageType {
  return typeof t === 'string' && Object.hasOwn(handlers, t);
}

export async function handleMessage(message: unknown, sender: browser.Runtime.MessageSender): Promise<Reply<unknown>> {
  const type = (message as { type?: unknown } | null)?.type;
  const kind = classifySender(sender, browser.runtime.id, new URL(browser.runtime.getURL('/')).origin);
  if (!isKnownType(type) || !ALLOWED_SENDERS[type].includes(kind)) {
    console.warn('[zhihu-offline] rejected message', { type, kind });
    return fail('rejected', 'message rejected');
  }
  try {
    return { ok: true, value: await handlers[type](message, { tabId: sender.tab?.id }) };
  } catch (e) {
    return fail(errorCode(e), e instanceof Error ? e.message : String(e));
  }
}

function notifyProgress(tabId: number | undefined, key: string, done: number, total: number): void {
  if (tabId === undefined) return;
  const event = { type: 'save/progress', key, done, total } as SaveProgressEvent;
  // The tab may have navigated away; progress is a courtesy, the save goes on regardless.
  browser.tabs.sendMessage(tabId, event, { frameId: 0 }).catch(() => undefined);
}

function errorCode(e: unknown): ErrorCode {
  if (e instanceof UserFacingError) return e.code;
  if (e instanceof v.ValiError) return 'invalid';
  if (isQuotaError(e)) return 'quota';
  const name = e instanceof Error ? e.name : '';
  if (name.endsWith('Error') && name !== 'Error' && name !== 'TypeError') return 'storage';
  return 'internal';
}

function fail(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}
