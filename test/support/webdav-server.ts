// A real WebDAV server for the sync tests (issue #16): Debian's `rclone serve webdav` over a temporary folder,
// with basic auth, on a free local port. Installed by scripts/ensure-browser.sh. The e2e tests reach it over
// HTTPS through e2e/support/webdav-front.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface WebDavServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** The folder the server serves: tests read what is on the server from here. */
  readonly dir: string;
  stop(): Promise<void>;
  /** Serve the same folder again on the same port (after stop). */
  start(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitUp(url: string, auth: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url, { method: 'PROPFIND', headers: { Depth: '0', Authorization: auth } });
      await r.arrayBuffer();
      if (r.status === 207) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`rclone serve webdav did not come up at ${url}`);
}

export async function startWebDav(): Promise<WebDavServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zo-webdav-'));
  const port = await freePort();
  const user = 'reader';
  const password = 'correct horse';
  const url = `http://127.0.0.1:${port}/`;
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('rclone', ['serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', password], { stdio: 'ignore' });
    await waitUp(url, auth);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    user,
    password,
    dir,
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
