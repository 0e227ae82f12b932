// The usual e2e setup, once: a fresh fixture server and a fresh browser profile with the built
// extension for every test, both closed after it.
import { test } from '@playwright/test';
import { startFixtureServer, type FixtureServer } from './fixture-server';
import { launchWithExtension, type LaunchedExtension } from './launch';
import { DEFAULT_DIST_DIR } from './paths';

export interface ZhihuSession {
  readonly server: FixtureServer;
  readonly ext: LaunchedExtension;
}

export interface SessionOptions {
  /** More Chromium switches, e.g. RELOAD_ARGS (extension-reload.ts) for tests that reload the extension. */
  extraArgs?: readonly string[];
}

/** Registers beforeEach/afterEach in the calling spec; read `server` and `ext` inside tests. */
export function zhihuSession(options: SessionOptions = {}): ZhihuSession {
  const s: { server?: FixtureServer; ext?: LaunchedExtension } = {};
  test.beforeEach(async () => {
    s.server = await startFixtureServer();
    s.ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server: s.server, extraArgs: options.extraArgs });
  });
  test.afterEach(async () => {
    await s.ext?.close();
    await s.server?.close();
  });
  return {
    get server(): FixtureServer {
      if (!s.server) throw new Error('fixture server not started');
      return s.server;
    },
    get ext(): LaunchedExtension {
      if (!s.ext) throw new Error('extension not launched');
      return s.ext;
    },
  };
}
