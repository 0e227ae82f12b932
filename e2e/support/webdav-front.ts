// The sync e2e tests' WebDAV server (issue #16): a real `rclone serve webdav` (test/support/webdav-server.ts),
// reached by the browser over HTTPS at a host name of its own (mapped by --host-resolver-rules, like the fake
// Zhihu), through a small proxy that can also play a full disk: with `full` set it answers PUT with
// HTTP 507 Insufficient Storage, as a server over its quota does, and passes everything else on. It logs
// every request it sees, so a test can act at a chosen point of a sync (after so many uploads) and count
// what a sync sent, and it says when no request is in flight (the folder on disk is still).
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { startWebDav, type WebDavServer } from '../../test/support/webdav-server';
import { tlsMaterial } from './tls-cert';

export const DAV_HOST = 'dav.example.net';

export interface DavFront {
  /** `https://dav.example.net/` as the extension sees it. */
  readonly url: string;
  readonly dav: WebDavServer;
  /** Chromium's --host-resolver-rules entry for DAV_HOST. */
  readonly rule: string;
  /** Answer every PUT with 507 (the server is full). */
  full: boolean;
  /** Every request seen, in order of arrival: method and path (decoded, without the query). */
  readonly log: DavRequest[];
  /** Resolves once `test(log)` holds, checked as each request arrives. */
  when(test: (log: readonly DavRequest[]) => boolean): Promise<void>;
  /**
   * Resolves once no request is in flight (to the server behind included) and none came for `settleMs`: a page
   * closed midway may still have a request on its way.
   */
  quiet(settleMs?: number): Promise<void>;
  /** Stop answering at all (the server is down), and back. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface DavRequest {
  method: string;
  path: string;
  /** The answer's status, once sent. */
  status?: number;
}

export async function startDavFront(): Promise<DavFront> {
  const dav = await startWebDav();
  const backend = new URL(dav.url);
  const sockets = new Set<Duplex>();
  const { key, cert } = await tlsMaterial();
  let server: Server | null = null;
  let port = 0;
  const log: DavRequest[] = [];
  const waiting = new Set<{ test: (log: readonly DavRequest[]) => boolean; resolve: () => void }>();
  let inFlight = 0;
  let lastArrival = 0;
  const ended = (): void => void inFlight--;
  const front: DavFront = {
    url: `https://${DAV_HOST}/`,
    dav,
    get rule() {
      return `MAP ${DAV_HOST} 127.0.0.1:${port}`;
    },
    full: false,
    log,
    when(test) {
      if (test(log)) return Promise.resolve();
      return new Promise((resolve) => waiting.add({ test, resolve }));
    },
    quiet(settleMs = 1_000) {
      return new Promise((resolve) => {
        const check = (): void => void (inFlight === 0 && Date.now() - lastArrival >= settleMs ? resolve() : setTimeout(check, 50));
        check();
      });
    },
    async up() {
      server = createServer({ key, cert }, (req, res) => {
        const entry: DavRequest = { method: req.method ?? '', path: decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname) };
        log.push(entry);
        lastArrival = Date.now();
        res.on('finish', () => (entry.status = res.statusCode));
        for (const w of waiting) {
          if (!w.test(log)) continue;
          waiting.delete(w);
          w.resolve();
        }
        if (front.full && req.method === 'PUT') {
          req.resume();
          res.writeHead(507, { 'Content-Type': 'text/plain' }).end('Insufficient Storage');
          return;
        }
        // As any reverse proxy in front of a WebDAV server must: MOVE's Destination names the proxy's host, which the server behind would refuse (502) as another server.
        const destination = req.headers.destination;
        const headers = { ...req.headers, host: backend.host, ...(typeof destination === 'string' ? { destination: destination.replace(/^https:\/\/[^/]+/, backend.origin) } : {}) };
        inFlight++;
        const upstream = httpRequest({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        upstream.on('close', ended);
        // A client gone midway (its page closed, the network cut): the request behind goes too, as through any proxy.
        res.on('close', () => {
          if (!res.writableFinished) upstream.destroy();
        });
        req.pipe(upstream);
      });
      server.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async down() {
      const s = server;
      server = null;
      if (!s) return;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async close() {
      await front.down();
      await dav.close();
    },
  };
  await front.up();
  return front;
}
