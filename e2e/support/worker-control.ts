// Stops the extension's service worker through the DevTools protocol, as Chrome does to an idle MV3 worker.
import type { BrowserContext, Page } from '@playwright/test';

interface Version {
  versionId: string;
  scriptURL: string;
  /** starting | running | stopping | stopped */
  runningStatus: string;
  /** new | installing | installed | activating | activated | redundant */
  status: string;
}

/**
 * Resolves once the worker is reported `stopped` after it was activated. (`ServiceWorker.stopAllWorkers`
 * did not stop the extension worker here, and Playwright's Worker 'close' event did not fire;
 * `stopWorker` with the version id, confirmed by the protocol's own status events, does both reliably.)
 *
 * Why wait for `activated` first: right after launch the worker may still be installing. Stopped
 * then, Chrome starts it again to finish the install, so it ran later in the test, opened the
 * database on its own and raced the test's setup (the R10 flake: 2 of 15 runs, seen in these events).
 */
export async function stopExtensionWorker(context: BrowserContext, extensionPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(extensionPage);
  const ours = (v: Version): boolean => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  let versionId: string | null = null;
  let running = '';
  let stopRequested = false;
  let activated!: () => void;
  let stopped!: () => void;
  const isActivated = new Promise<void>((r) => (activated = r));
  const isStopped = new Promise<void>((r) => (stopped = r));
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions as Version[]) {
      if (!ours(v) || v.status !== 'activated') continue;
      versionId ??= v.versionId;
      running = v.runningStatus;
      activated();
      if (stopRequested && v.runningStatus === 'stopped') stopped();
    }
  });
  await cdp.send('ServiceWorker.enable');
  await isActivated;
  if (versionId === null) throw new Error('extension worker not found');
  // Already stopped (idle) sends no further event; there is nothing to wait for.
  if (running !== 'stopped') {
    stopRequested = true;
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await isStopped;
  }
  await cdp.detach();
}
