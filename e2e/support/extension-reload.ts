// Reloads the unpacked extension the way chrome://extensions' reload button does, for R5 tests.
//
// chrome.runtime.reload() from the worker is no use here: with the extension loaded from the
// command line it unloads the extension and never loads it again (Chromium 156, headless, seen
// in this repo). The browser-level CDP method Extensions.loadUnpacked on the same directory
// reloads it in place: same id, a new worker, old content scripts invalidated. It needs the
// --enable-unsafe-extension-debugging switch (RELOAD_ARGS).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { chromiumPath } from '../../scripts/system-tools.js';
import type { FixtureServer } from './fixture-server';
import { chromiumArgs, extensionIdOf, extensionWorker, type LaunchedExtension } from './launch';

export const RELOAD_ARGS = ['--enable-unsafe-extension-debugging'] as const;

/**
 * Loads the unpacked extension into a browser started without it (launchDeferred), as a user's
 * Load unpacked does: Zhihu tabs opened before are there already. Resolves with its first worker.
 */
export async function loadUnpackedNow(context: BrowserContext, distDir: string): Promise<{ extensionId: string; worker: Worker }> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser handle to load the extension through');
  const started = extensionWorker(context);
  const cdp = await browser.newBrowserCDPSession();
  let id: string;
  try {
    ({ id } = (await cdp.send('Extensions.loadUnpacked' as never, { path: path.resolve(distDir) } as never)) as { id: string });
  } finally {
    await cdp.detach();
  }
  const worker = await started;
  if (extensionIdOf(worker) !== id) throw new Error(`another extension's worker started: ${worker.url()}`);
  return { extensionId: id, worker };
}

/** Chromium with the extension admitted but not loaded yet, the fixture server resolving Zhihu's hosts. */
export async function launchDeferred(distDir: string, server: FixtureServer): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'zhihu-offline-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    // Playwright's --disable-extensions would refuse the later load; no other extension is installed in this fresh profile.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...chromiumArgs({ extensionDir: path.resolve(distDir), server, deferLoad: true }), '--lang=zh-CN', ...RELOAD_ARGS],
    locale: 'zh-CN',
    env: { ...process.env, LANGUAGE: 'zh_CN', LANG: 'C.UTF-8' },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

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
