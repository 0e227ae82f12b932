// Reloads the unpacked extension the way chrome://extensions' reload button does, for R5 tests.
//
// chrome.runtime.reload() from the worker is no use here: with the extension loaded from the
// command line it unloads the extension and never loads it again (Chromium 156, headless, seen
// in this repo). The browser-level CDP method Extensions.loadUnpacked on the same directory
// reloads it in place: same id, a new worker, old content scripts invalidated. It needs the
// --enable-unsafe-extension-debugging switch (RELOAD_ARGS).
import type { Worker } from '@playwright/test';
import { extensionWorker, type LaunchedExtension } from './launch';

export const RELOAD_ARGS = ['--enable-unsafe-extension-debugging'] as const;

/** Resolves with the new worker once the reloaded extension's worker runs. */
export async function reloadExtension(ext: LaunchedExtension, distDir: string): Promise<Worker> {
  const old = await extensionWorker(ext.context);
  const gone = new Promise<void>((resolve) => old.once('close', () => resolve()));
  const browser = ext.context.browser();
  if (!browser) throw new Error('no browser handle to reload the extension through');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { id } = (await cdp.send('Extensions.loadUnpacked' as never, { path: distDir } as never)) as { id: string };
    if (id !== ext.extensionId) throw new Error(`reload loaded another extension: ${id}`);
  } finally {
    await cdp.detach();
  }
  await gone;
  return extensionWorker(ext.context);
}
