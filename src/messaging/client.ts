/**
 * The caller's side of the protocol: typed send, errors re-thrown with their code.
 * Uses the promise-based `chrome.*` namespace (MV3 Chrome and Firefox), as the whole extension does.
 */
import type { ErrorCode, MessageType, Protocol, Reply } from './protocol';

export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

export async function send<K extends MessageType>(type: K, request: Protocol[K]['request']): Promise<Protocol[K]['response']> {
  const reply = (await chrome.runtime.sendMessage({ type, ...request })) as Reply<Protocol[K]['response']> | undefined;
  if (!reply) throw new MessageError('internal', 'no reply');
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.value;
}
