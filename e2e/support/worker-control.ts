// Stops the extension's service worker through the DevTools protocol, as Chrome does to an idle MV3 worker.
import type { BrowserContext, Page } from '@playwright/test';

interface Version {
  versionId: string;
  scriptURL: string;
  runningStatus: string;
}

/**
 * Resolves once the worker is reported `stopped`. (`ServiceWorker.stopAllWorkers` did not stop the
 * extension worker here, and Playwright's Worker 'close' event did not fire; `stopWorker` with the
 * version id, confirmed by the protocol's own status events, does both reliably.)
 */
export async function stopExtensionWorker(context: BrowserContext, extensionPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(extensionPage);
  const ours = (v: Version): boolean => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  let versionId: string | null = null;
  let stopped!: () => void;
  const isStopped = new Promise<void>((r) => (stopped = r));
  const found = new Promise<void>((resolve) => {
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions as Version[]) {
        if (!ours(v)) continue;
        versionId ??= v.versionId;
        resolve();
        if (v.runningStatus === 'stopped') stopped();
      }
    });
  });
  await cdp.send('ServiceWorker.enable');
  await found;
  if (versionId === null) throw new Error('extension worker not found');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await isStopped;
  await cdp.detach();
}
