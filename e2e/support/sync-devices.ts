// Sync's e2e devices (issue #16): a Chromium profile with the built extension, access to the tests' WebDAV
// server granted as by the user, and its library page, whose 同步 panel is set up and run by real clicks.
import { expect, type Page } from '@playwright/test';
import { extensionUrl, grantHostPermission } from './extension-pages';
import type { FixtureServer } from './fixture-server';
import { launchWithExtension, type LaunchedExtension } from './launch';
import { DEFAULT_DIST_DIR } from './paths';
import { DAV_HOST, type DavFront } from './webdav-front';

export const LIBRARY = 'src/ui/library/library.html';

export interface SyncDevice {
  ext: LaunchedExtension;
  lib: Page;
}

/**
 * A profile (a fresh one, or `userDataDir` again after its browser was closed) that reaches the sync server
 * at DAV_HOST and, given a fixture server, the fixture Zhihu; nothing else resolves.
 */
export async function syncDevice(front: DavFront, opts: { server?: FixtureServer; userDataDir?: string } = {}): Promise<SyncDevice> {
  const others = opts.server?.hostResolverRules ?? 'MAP * ~NOTFOUND, EXCLUDE localhost';
  const ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server: opts.server, userDataDir: opts.userDataDir, extraArgs: [`--host-resolver-rules=${front.rule}, ${others}`] });
  await grantHostPermission(ext.context, ext.extensionId, `https://${DAV_HOST}`);
  return { ext, lib: await openLibrary(ext) };
}

export async function openLibrary(ext: LaunchedExtension): Promise<Page> {
  const lib = await ext.context.newPage();
  await lib.goto(extensionUrl(ext.extensionId, LIBRARY));
  return lib;
}

/** Fills the 同步 panel's server settings and clicks 保存并测试连接 (`auto`: ticks or unticks 自动同步 first). */
export async function configureSync(lib: Page, front: DavFront, opts: { password?: string; auto?: boolean } = {}): Promise<void> {
  if (!(await lib.locator('#sync details').evaluate((d) => (d as HTMLDetailsElement).open))) await lib.locator('#sync summary').click();
  await lib.locator('#sync input[name="server"]').fill(front.url);
  await lib.locator('#sync input[name="user"]').fill(front.dav.user);
  await lib.locator('#sync input[name="password"]').fill(opts.password ?? front.dav.password);
  if (opts.auto !== undefined) await lib.locator('#sync input[name="auto"]').setChecked(opts.auto);
  await lib.locator('[data-zo-sync-action="save"]').click();
}

/** Clicks 立即同步 (the panel's state cleared first) and waits for it to end: 'done' or 'error'. */
export async function startSync(lib: Page): Promise<void> {
  await lib.evaluate(() => delete document.getElementById('sync')!.dataset.zoState);
  await lib.locator('[data-zo-sync-action="sync"]').click();
}

export async function syncNow(lib: Page, timeout = 60_000): Promise<string> {
  await startSync(lib);
  await expect(lib.locator('#sync')).toHaveAttribute('data-zo-state', /^(done|error)$/, { timeout });
  return (await lib.locator('#sync').getAttribute('data-zo-state')) ?? '';
}
