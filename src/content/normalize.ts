/**
 * Normalizes an API object for the worker (issue #14), which has no DOM parser in Chromium: the same
 * pure normalizer a click-save's API fallback uses, so a batch-saved item is the same record.
 */
import type { CapturedItem } from '../extract';
import type { NormalizeEvent } from '../messaging/protocol';
import { NORMALIZE } from './fetch-full';

export function listenForNormalize(signal: AbortSignal): void {
  const handler = (message: unknown, sender: chrome.runtime.MessageSender, reply: (r: { item: CapturedItem | null }) => void): undefined => {
    // Only our own background (no tab) may ask; web pages cannot reach runtime.onMessage anyway.
    if (sender.id !== chrome.runtime.id || sender.tab) return undefined;
    const e = message as Partial<NormalizeEvent> | null;
    if (e?.type !== 'content/normalize' || typeof e.sourceUrl !== 'string' || !e.object) return undefined;
    const kind = e.object.type;
    let item: CapturedItem | null = null;
    try {
      item = typeof kind === 'string' && Object.hasOwn(NORMALIZE, kind) ? NORMALIZE[kind as keyof typeof NORMALIZE](e.object, e.sourceUrl) : null;
    } catch {
      // Not an item the normalizer knows: the worker records it as unavailable.
    }
    reply({ item });
    return undefined;
  };
  chrome.runtime.onMessage.addListener(handler);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(handler), { once: true });
}
