// The sync e2e tests' WebDAV server (issue #16): a real `rclone serve webdav` (test/support/webdav-server.ts),
// reached by the browser over HTTPS at a host name of its own (mapped by --host-resolver-rules, like the fake
// Zhihu), through a small proxy that can also play a full disk: with `full` set it answers PUT with
// HTTP 507 Insufficient Storage, as a server over its quota does, and passes everything else on.
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
  /** Stop answering at all (the server is down), and back. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startDavFront(): Promise<DavFront> {
  const dav = await startWebDav();
  const backend = new URL(dav.url);
  const sockets = new Set<Duplex>();
  const { key, cert } = await tlsMaterial();
  let server: Server | null = null;
  let port = 0;
  const front: DavFront = {
    url: `https://${DAV_HOST}/`,
    dav,
    get rule() {
      return `MAP ${DAV_HOST} 127.0.0.1:${port}`;
    },
    full: false,
    async up() {
      server = createServer({ key, cert }, (req, res) => {
        if (front.full && req.method === 'PUT') {
          req.resume();
          res.writeHead(507, { 'Content-Type': 'text/plain' }).end('Insufficient Storage');
          return;
        }
        // As any reverse proxy in front of a WebDAV server must: MOVE's Destination names the proxy's host, which the server behind would refuse (502) as another server.
        const destination = req.headers.destination;
        const headers = { ...req.headers, host: backend.host, ...(typeof destination === 'string' ? { destination: destination.replace(/^https:\/\/[^/]+/, backend.origin) } : {}) };
        const upstream = httpRequest({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        upstream.on('error', () => res.destroy());
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
