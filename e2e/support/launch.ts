// Starts the system Chromium with the built, unpacked extension loaded.
//
// Extensions only load in a persistent context, so each launch gets its own
// user-data dir: a fresh temp dir by default, or a caller-owned one so a
// test can close the browser and start it again on the same profile.
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { chromiumPath } from '../../scripts/system-tools.js';
import type { FixtureServer } from './fixture-server.js';
import { NO_NETWORK_RULES } from './zhihu-hosts.js';


export interface ChromiumArgsOptions {
  /** Unpacked extension directory to load, if any. */
  extensionDir?: string | undefined;
  /** Do not load the extension at start: the test loads it later (loadUnpackedNow in extension-reload.ts). */
  deferLoad?: boolean | undefined;
  /** Fixture server to resolve Zhihu hosts to; without one, nothing resolves. */
  server?: Pick<FixtureServer, 'hostResolverRules'> | undefined;
}

/** Command-line switches shared by plain and extension launches. */
export function chromiumArgs(opts: ChromiumArgsOptions = {}): string[] {
  const args = [
    // Keep the browser quiet and the run hermetic.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // Our server speaks TCP only; QUIC/HTTP3 attempts would just add noise.
    '--disable-quic',
    // The fixture server's certificate is self-signed. This switch (unlike
    // Playwright's ignoreHTTPSErrors) also covers extension service workers.
    '--ignore-certificate-errors',
    `--host-resolver-rules=${opts.server?.hostResolverRules ?? NO_NETWORK_RULES}`,
  ];
  // --disable-extensions-except alone loads the extension too, so a deferred load passes neither.
  if (opts.extensionDir && !opts.deferLoad) {
    args.push(`--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`);
  }
  // Chromium refuses to start its sandbox as root (the dev container).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export interface LaunchOptions {
  /** Built extension (the directory holding manifest.json). */
  distDir: string;
  server?: FixtureServer | undefined;
  /** Reuse a profile (e.g. for restart tests); the caller then owns it. */
  userDataDir?: string | undefined;
  headless?: boolean | undefined;
  /** Browser UI language, which extension i18n follows. Default zh-CN: our users are Chinese readers. */
  lang?: string | undefined;
  /** More Chromium switches, e.g. --enable-unsafe-extension-debugging for reloading the extension (extension-reload.ts). */
  extraArgs?: readonly string[] | undefined;
  /**
   * A fresh install opens the first-run page in a new tab; launch waits for it and closes it so
   * tests start from one known tab. `true` leaves it open (the first-run tests look at it).
   */
  keepWelcome?: boolean | undefined;
}

export const WELCOME_PATH = 'src/ui/welcome/welcome.html';

/** The first-run tab, once the extension has opened it. */
export async function welcomePage(context: BrowserContext, timeout = 30_000): Promise<Page> {
  for (const deadline = Date.now() + timeout; ; await new Promise((r) => setTimeout(r, 100))) {
    const page = context.pages().find((p) => p.url().endsWith(WELCOME_PATH));
    if (page) return page;
    if (Date.now() > deadline) throw new Error('the first-run page never opened');
  }
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  /** The worker at launch time; MV3 may stop it later, see extensionWorker(). */
  serviceWorker: Worker;
  userDataDir: string;
  /** Closes the browser; deletes the profile only if launch created it. */
  close(): Promise<void>;
}

const EXTENSION_URL = /^chrome-extension:\/\/([a-p]{32})\//;

/**
 * The extension's service worker, waiting for it to (re)start if needed.
 * After an idle MV3 worker is stopped, open an extension page or trigger
 * an event and call this again for a live handle.
 */
export async function extensionWorker(context: BrowserContext, timeout = 30_000): Promise<Worker> {
  // Subscribe before looking, or a worker that starts in between is missed.
  const next = context.waitForEvent('serviceworker', {
    predicate: (w) => EXTENSION_URL.test(w.url()),
    timeout,
  });
  const running = context.serviceWorkers().find((w) => EXTENSION_URL.test(w.url()));
  if (running) {
    next.catch(() => undefined); // nobody awaits it; silence its timeout
    return running;
  }
  return next;
}

export function extensionIdOf(worker: Worker): string {
  const id = EXTENSION_URL.exec(worker.url())?.[1];
  if (!id) throw new Error(`not an extension worker: ${worker.url()}`);
  return id;
}

export async function launchWithExtension(opts: LaunchOptions): Promise<LaunchedExtension> {
  // Chromium resolves a relative --load-extension against its own cwd.
  const distDir = path.resolve(opts.distDir);
  // Chromium silently skips a bad --load-extension, which would surface as
  // a 30 s wait for a worker that never comes; fail fast and clearly.
  await access(path.join(distDir, 'manifest.json')).catch(() => {
    throw new Error(`no manifest.json in ${distDir}; run \`npm run build\` first`);
  });
  const ownsProfile = opts.userDataDir === undefined;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'zhihu-offline-e2e-')));
  // A profile Chromium has never used gets the extension installed, hence our first-run page
  // (a build that has one: the self-test's probe extension does not).
  const exists = (p: string): Promise<boolean> => access(p).then(() => true, () => false);
  const expectWelcome = !(await exists(path.join(userDataDir, 'Default'))) && (await exists(path.join(distDir, WELCOME_PATH)));
  const removeProfile = async (): Promise<void> => {
    if (ownsProfile) await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: opts.headless ?? true,
      // Playwright's default --disable-extensions stays: it keeps every other
      // extension out, and --disable-extensions-except still admits ours.
      args: [...chromiumArgs({ extensionDir: distDir, server: opts.server }), `--lang=${opts.lang ?? 'zh-CN'}`, ...(opts.extraArgs ?? [])],
      locale: opts.lang ?? 'zh-CN',
      // On Linux the UI locale (chrome.i18n) comes from the environment, not only from --lang.
      env: { ...process.env, LANGUAGE: (opts.lang ?? 'zh-CN').replace('-', '_'), LANG: 'C.UTF-8' },
    });
  } catch (err) {
    await removeProfile();
    throw err;
  }

  try {
    const serviceWorker = await extensionWorker(context);
    if (expectWelcome && !opts.keepWelcome) await (await welcomePage(context)).close();
    return {
      context,
      extensionId: extensionIdOf(serviceWorker),
      serviceWorker,
      userDataDir,
      async close() {
        await context.close();
        await removeProfile();
      },
    };
  } catch (err) {
    await context.close();
    await removeProfile();
    throw err;
  }
}
