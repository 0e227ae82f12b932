// Starts Debian's Firefox ESR headless over WebDriver BiDi with dist/firefox installed as a
// temporary add-on, and Zhihu's hosts pointed at the fixture server.
import { randomUUID } from 'node:crypto';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import puppeteer, { type Browser } from 'puppeteer-core';
import { firefoxPath } from '../../scripts/system-tools';
import type { FixtureServer } from '../support/fixture-server';
import { REPO_ROOT } from '../support/paths';
import { MAPPED_HOSTS } from '../support/zhihu-hosts';

export const FIREFOX_DIST_DIR = path.resolve(REPO_ROOT, 'dist/firefox');

export interface LaunchedFirefox {
  browser: Browser;
  /** Base of the add-on's pages: moz-extension://<uuid>/ */
  extensionOrigin: string;
  /** Where Firefox saves downloads; removed by close(). */
  downloadDir: string;
  /**
   * Uncaught errors Firefox printed for the add-on's documents (background page, popup, reader)
   * so far. BiDi does not report their console (bug 1755014), but Firefox writes every
   * uncaught exception and rejection to its own output as `JavaScript error: <url>, line …`.
   */
  extensionErrors(): string[];
  close(): Promise<void>;
}

async function geckoId(distDir: string): Promise<string> {
  const manifestPath = path.join(distDir, 'manifest.json');
  await access(manifestPath).catch(() => {
    throw new Error(`no manifest.json in ${distDir}; run \`npm run build\` first`);
  });
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id`);
  return id;
}

/**
 * Prefs that make Firefox reach the fixture server at Zhihu's real URLs, and nothing else.
 * Chromium gets --host-resolver-rules; Firefox has no host-to-host:port map, so: the Zhihu hosts
 * resolve to localhost, connections to port 443 go to the server's random port instead, and
 * every other host is sent to a proxy on a closed port, so it fails at once (as the unmapped
 * hosts fail to resolve in Chromium) and nothing leaves the machine.
 */
export function fixturePrefs(server: Pick<FixtureServer, 'port'>): Record<string, string | number> {
  return {
    'network.dns.localDomains': MAPPED_HOSTS.join(','),
    'network.socket.forcePort': `443=${server.port}`,
    'network.proxy.type': 1, // manual
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': 1, // tcpmux: nothing listens there
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': 1,
    'network.proxy.no_proxies_on': MAPPED_HOSTS.join(','),
  };
}

export async function launchFirefoxWithExtension(
  server: Pick<FixtureServer, 'port'>,
  distDir = FIREFOX_DIST_DIR,
): Promise<LaunchedFirefox> {
  const id = await geckoId(distDir);
  // moz-extension UUIDs are random per profile; pinning one lets the test open the add-on's pages.
  const uuid = randomUUID();
  const downloadDir = await mkdtemp(path.join(os.tmpdir(), 'zhihu-offline-firefox-downloads-'));
  const removeDownloads = (): Promise<void> => rm(downloadDir, { recursive: true, force: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // The fixture server's certificate is self-signed; BiDi's override also covers the add-on's fetches.
    acceptInsecureCerts: true,
    // Without it BiDi refuses to navigate a tab to a moz-extension:// page (not a "webdriver-safe" URL).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...fixturePrefs(server),
      'extensions.webextensions.uuids': JSON.stringify({ [id]: uuid }),
      // The extension's i18n follows the app locale; pin it so the labels asserted are stable.
      'intl.locale.requested': 'en-US',
      // Downloads (the export's ZIP) go straight to a folder the test owns, without a dialog.
      'browser.download.dir': downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  }).catch(async (err: unknown) => {
    await removeDownloads();
    throw err;
  });
  const output: string[] = [];
  const proc = browser.process();
  for (const stream of [proc?.stdout, proc?.stderr]) {
    if (!stream) continue;
    // Lines, not chunks: an error line split across two chunks must still match.
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => output.push(line));
    // ZO_FIREFOX_LOG=1 shows Firefox's own output, for debugging a failure.
    if (process.env.ZO_FIREFOX_LOG) stream.pipe(process.stderr);
  }
  const extensionOrigin = `moz-extension://${uuid}/`;
  try {
    // BiDi webExtension.install {type: 'path'}: a temporary add-on, like about:debugging's.
    const installed = await browser.installExtension(distDir);
    if (installed !== id) throw new Error(`installed add-on id ${installed}, manifest says ${id}`);
  } catch (err) {
    await browser.close();
    await removeDownloads();
    throw err;
  }
  return {
    browser,
    extensionOrigin,
    extensionErrors: () => output.filter((line) => line.startsWith(`JavaScript error: ${extensionOrigin}`)),
    downloadDir,
    async close() {
      await browser.close();
      await removeDownloads();
    },
  };
}
