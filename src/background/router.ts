/** Checks who sent a message and what it holds, then dispatches it. Fails closed. */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { ALLOWED_SENDERS, type ErrorCode, type MessageType, type Protocol, type Reply } from '../messaging/protocol';
import { SaveRequestSchema } from '../messaging/schema';
import { classifySender } from '../messaging/sender';
import { saveCapture } from './save';

type Handlers = { [K in MessageType]: (message: unknown) => Promise<Protocol[K]['response']> };

const handlers: Handlers = {
  'capture/save': async (message) => saveCapture(v.parse(SaveRequestSchema, message).item),
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
    return { ok: true, value: await handlers[type](message) };
  } catch (e) {
    return fail(errorCode(e), e instanceof Error ? e.message : String(e));
  }
}

function errorCode(e: unknown): ErrorCode {
  if (e instanceof v.ValiError) return 'invalid';
  const name = e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError' || (e instanceof Error && /quota/i.test(e.message))) return 'quota';
  if (name.endsWith('Error') && name !== 'Error' && name !== 'TypeError') return 'storage';
  return 'internal';
}

function fail(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}
