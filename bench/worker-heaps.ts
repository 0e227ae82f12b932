/**
 * The JS heaps of a page's dedicated workers (the export's ZIP worker), for memory figures that
 * count everything the export holds, not just the page's heap. CDP auto-attaches this session to
 * each worker the page starts; Runtime.getHeapUsage is then asked through Target.sendMessageToTarget
 * (Playwright's CDP sessions do not address child sessions directly).
 */
import type { CDPSession } from '@playwright/test';

export interface WorkerHeaps {
  /** Sum of the used heap of the workers alive now, in bytes. */
  used: () => Promise<number>;
}

export async function watchWorkerHeaps(cdp: CDPSession): Promise<WorkerHeaps> {
  const sessions = new Set<string>();
  const pending = new Map<number, (used: number) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    if (e.sessionId) sessions.delete(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    if (reply.id === undefined) return;
    pending.get(reply.id)?.(reply.result?.usedSize ?? 0);
    pending.delete(reply.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const heapOf = (sessionId: string): Promise<number> =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      // A worker that ends before it answers counts as 0.
      setTimeout(() => pending.delete(id) && resolve(0), 1_000);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0));
    });
  return {
    used: async () => (await Promise.all([...sessions].map(heapOf))).reduce((a, b) => a + b, 0),
  };
}

/**
 * The extension service worker's used JS heap, through a page's CDP session (Target.attachToTarget,
 * as watchWorkerHeaps does for page workers). Give it a session of its own: both number their
 * requests from 1.
 */
export async function serviceWorkerHeap(cdp: CDPSession, extensionId: string): Promise<() => Promise<number>> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error('extension worker target not found');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  const pending = new Map<number, (n: number) => void>();
  let next = 1;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    if (reply.id === undefined) return;
    pending.get(reply.id)?.(reply.result?.usedSize ?? 0);
    pending.delete(reply.id);
  });
  return () =>
    new Promise<number>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      setTimeout(() => pending.delete(id) && resolve(0), 1_000);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(0));
    });
}
