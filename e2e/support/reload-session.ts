// The usual e2e setup (a fresh fixture server and browser profile per test, as session.ts gives),
// launched with the switch that lets a test reload the extension (extension-reload.ts). The
// switch only opens CDP's Extensions domain; it changes nothing else the test sees.
import { test } from '@playwright/test';
import { RELOAD_ARGS } from './extension-reload';
import { startFixtureServer, type FixtureServer } from './fixture-server';
import { launchWithExtension, type LaunchedExtension } from './launch';
import { DEFAULT_DIST_DIR } from './paths';
import type { ZhihuSession } from './session';

/** Registers beforeEach/afterEach in the calling spec; read `server` and `ext` inside tests. */
export function reloadableSession(): ZhihuSession {
  const s: { server?: FixtureServer; ext?: LaunchedExtension } = {};
  test.beforeEach(async () => {
    s.server = await startFixtureServer();
    s.ext = await launchWithExtension({ distDir: DEFAULT_DIST_DIR, server: s.server, extraArgs: RELOAD_ARGS });
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
