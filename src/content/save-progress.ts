/** Progress events from the background for saves started on this page ("保存中 3/20"). */
import type { SaveProgressEvent } from '../messaging/protocol';

type Listener = (done: number, total: number) => void;
const listeners = new Map<string, Listener>();

export function onSaveProgress(key: string, listener: Listener): () => void {
  listeners.set(key, listener);
  return () => listeners.delete(key);
}

export function listenForProgress(signal: AbortSignal): void {
  const handler = (message: unknown, sender: chrome.runtime.MessageSender): undefined => {
    // Only our own background (no tab) may talk to us; pages cannot reach runtime.onMessage anyway.
    if (sender.id !== chrome.runtime.id || sender.tab) return;
    const e = message as Partial<SaveProgressEvent> | null;
    if (e?.type !== 'save/progress' || typeof e.key !== 'string' || typeof e.done !== 'number' || typeof e.total !== 'number') return;
    listeners.get(e.key)?.(e.done, e.total);
  };
  chrome.runtime.onMessage.addListener(handler);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(handler), { once: true });
}
