// A local HTTPS server that impersonates Zhihu (pages, a few API objects)
// and zhimg.com (images) for end-to-end tests.
//
// Chromium is pointed at it with --host-resolver-rules (see
// `hostResolverRules`), so pages keep their real https://www.zhihu.com/…
// URLs, origins and Referer behaviour; every other host fails to resolve,
// which keeps tests hermetic.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createBatchApi, SESSION_COOKIE, SESSION_VALUE, type BatchApi } from './batch-routes.js';
import { createCommentApi, type CommentApi } from './comment-routes.js';
import { createWatchApi, type WatchApi } from './watch-routes.js';
import { imageBytesFor, isImagePath } from './fake-images.js';
import { HTML_TYPE, routeKey, scanFixtureRoutes, type FileRoute } from './fixture-routes.js';
import { REAL_FIXTURES_DIR } from './paths.js';
import { tlsMaterial } from './tls-cert.js';
import { ANY_ORIGIN, STATIC_HOST, ZHIMG_IMAGE_HOST, hostResolverRulesFor, refererAllowed } from './zhihu-hosts.js';

export { imageBytesFor, imageSpecFor } from './fake-images.js';
export { REAL_FIXTURES_DIR } from './paths.js';

/** What an image request should suffer; `'ok'`/`undefined` = normal. */
export type ImageFault = 'ok' | '403' | '404' | 'slow' | 'hang';
export type ImageFaultFn = (url: URL) => ImageFault | undefined;

export interface RequestLogEntry {
  method: string;
  host: string;
  /** Path and query, as sent. */
  path: string;
  referer: string | undefined;
  /** HTTP status sent; 0 while pending (or forever, for a 'hang' fault). */
  status: number;
  /** Whether the request carried the session cookie the page load set. */
  session: boolean;
  /** Content-Type sent ('' while pending): the anti-bot page is a 200 too, but HTML. */
  type: string;
}

export interface FixtureServerOptions {
  /** Defaults to the real captures in test/fixtures/zhihu. */
  fixturesDir?: string | undefined;
  /** Delay of the 'slow' image fault. Default 3000 ms. */
  slowImageDelayMs?: number | undefined;
  /**
   * Send `Access-Control-Allow-Origin: *` with images. Default true: a
   * public report of zhimg's headers says it does; turn off to test the
   * extension without it.
   */
  imageCors?: boolean | undefined;
}

export interface FixtureServer {
  readonly port: number;
  readonly fixturesDir: string;
  /** Value for Chromium's --host-resolver-rules. */
  readonly hostResolverRules: string;
  /** Every request, in arrival order. Tests may clear it (`length = 0`). */
  readonly requests: RequestLogEntry[];
  /** Serves `body` at host+path (query ignored); overrides fixture files. */
  addPage(host: string, path: string, body: string, contentType?: string): void;
  /** Decides faults for zhimg image requests; pass undefined to clear. */
  setImageFault(fn: ImageFaultFn | undefined): void;
  /** Goes offline: stops listening and cuts every open connection. */
  stop(): Promise<void>;
  /** The list APIs of batch save (batch-routes.ts): real question feeds, a synthetic 收藏夹, fault switches. */
  readonly batch: BatchApi;
  /** The comment API (comment-routes.ts): synthetic pages of real comment objects, a refusal switch. */
  readonly comments: CommentApi;
  /** The single-item API the watch asks (watch-routes.ts): registered real objects, changed between checks. */
  readonly watch: WatchApi;
  /** Comes back on the same port after stop(). */
  start(): Promise<void>;
  /** Same as stop(); the server can still be start()ed again. */
  close(): Promise<void>;
}

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

/** Our own 401 body (no real one is public): what matters is the status. */
const UNAUTHORIZED = JSON.stringify({ error: { code: 100, message: '请先登录', name: 'fixture-server: no session cookie' } });

function hasSession(req: IncomingMessage): boolean {
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  return cookies.includes(`${SESSION_COOKIE}=${SESSION_VALUE}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startFixtureServer(opts: FixtureServerOptions = {}): Promise<FixtureServer> {
  const fixturesDir = opts.fixturesDir ?? REAL_FIXTURES_DIR;
  const slowMs = opts.slowImageDelayMs ?? 3000;
  const imageCors = opts.imageCors ?? true;
  const fileRoutes = scanFixtureRoutes(fixturesDir);
  const customPages = new Map<string, { body: string; contentType: string }>();
  const requests: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  let imageFault: ImageFaultFn | undefined;
  const batch = createBatchApi(fixturesDir);
  const comments = createCommentApi(fixturesDir);
  const watch = createWatchApi(fixturesDir);

  function send(
    res: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    type: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ): void {
    entry.status = status;
    entry.type = type;
    // no-store everywhere: a cached copy would hide "offline" in tests.
    // Every Zhihu page sets the session, as a logged-in zhihu.com does; the API wants it back. Secure and
    // SameSite=None so the extension worker's credentialed fetch (another site: chrome-extension://) carries it.
    const session = /html/.test(type) && /(^|\.)zhihu\.com$/.test(entry.host) ? { 'Set-Cookie': `${SESSION_COOKIE}=${SESSION_VALUE}; Domain=zhihu.com; Path=/; Max-Age=2592000; Secure; HttpOnly; SameSite=None` } : {};
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...session,
      ...extra,
    });
    res.end(body);
  }

  async function serveImage(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, url: URL): Promise<void> {
    if (!isImagePath(url.pathname)) return send(res, entry, 404, 'text/plain', 'Not found');
    const fault = imageFault?.(url) ?? 'ok';
    if (fault === 'hang') return; // never answered; stop() cuts the socket
    if (fault === '403' || fault === '404') return send(res, entry, Number(fault), 'text/plain', fault);
    if (fault === 'slow') {
      await delay(slowMs);
      if (res.destroyed) return; // the client gave up or stop() cut it
    }
    if (!refererAllowed(req.headers.referer)) return send(res, entry, 403, 'text/plain', 'Forbidden');
    send(res, entry, 200, 'image/png', imageBytesFor(url.href), imageCors ? ANY_ORIGIN : {});
  }

  function serveStatic(res: ServerResponse, entry: RequestLogEntry, url: URL): void {
    // Pages load dozens of `crossorigin` bundles from here. Empty but valid
    // CORS answers keep the console free of errors that would drown the
    // extension's own, while leaving the captured DOM untouched (real
    // bundles would re-render it).
    const type = /\.css$/.test(url.pathname) ? 'text/css' : /\.m?js$/.test(url.pathname) ? 'text/javascript' : '';
    if (!type) return send(res, entry, 404, 'text/plain', 'Not found', ANY_ORIGIN);
    send(res, entry, 200, type, '', ANY_ORIGIN);
  }

  async function serveFile(res: ServerResponse, entry: RequestLogEntry, route: FileRoute): Promise<void> {
    // Read per request: files are small and tests may run for a long time.
    send(res, entry, 200, route.contentType, await readFile(route.file));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', `https://${host || 'invalid'}`);
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      host,
      path: req.url ?? '/',
      referer: req.headers.referer,
      status: 0,
      session: hasSession(req),
      type: '',
    };
    requests.push(entry);
    if (entry.method !== 'GET' && entry.method !== 'HEAD') {
      return send(res, entry, 405, 'text/plain', 'Method not allowed');
    }
    // The API answers only the user's own session (the cookie a page load set), as zhihu.com does.
    if ((host === 'www.zhihu.com' || host === 'zhuanlan.zhihu.com') && url.pathname.startsWith('/api/')) {
      if (!entry.session) return send(res, entry, 401, 'application/json; charset=utf-8', UNAUTHORIZED);
      const listAnswer = batch.answer(url, req.headers);
      if (listAnswer) return send(res, entry, listAnswer.status, listAnswer.type, listAnswer.body);
      const commentAnswer = comments.answer(url);
      if (commentAnswer) return send(res, entry, commentAnswer.status, commentAnswer.type, commentAnswer.body);
      const itemAnswer = watch.answer(url);
      if (itemAnswer) return send(res, entry, itemAnswer.status, itemAnswer.type, itemAnswer.body);
    }
    const key = routeKey(host, url.pathname);
    const custom = customPages.get(key);
    if (custom) return send(res, entry, 200, custom.contentType, custom.body);
    if (ZHIMG_IMAGE_HOST.test(host)) return serveImage(req, res, entry, url);
    if (host === STATIC_HOST) return serveStatic(res, entry, url);
    const route = fileRoutes.get(key);
    if (route) return serveFile(res, entry, route);
    send(res, entry, 404, 'text/plain', 'Not found');
  }

  const { key, cert } = await tlsMaterial();
  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });
  // Track raw TCP sockets (not just HTTP ones) so stop() can also cut
  // connections that are mid-handshake or idle in keep-alive.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let port = 0;
  async function start(): Promise<void> {
    if (server.listening) return;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // First start: port 0 = a free random port; later: the same port, so
      // URLs and --host-resolver-rules baked into the browser stay valid.
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
  }

  async function stop(): Promise<void> {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  }

  await start();
  return {
    get port() {
      return port;
    },
    fixturesDir,
    hostResolverRules: hostResolverRulesFor(port),
    requests,
    addPage(host, path, body, contentType = HTML_TYPE) {
      const pathname = new URL(path, 'https://placeholder.invalid').pathname;
      customPages.set(routeKey(host, pathname), { body, contentType });
    },
    setImageFault(fn) {
      imageFault = fn;
    },
    batch,
    comments,
    watch,
    start,
    stop,
    close: stop,
  };
}
