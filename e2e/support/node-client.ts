// Talks to the fixture server from Node, without a browser.
//
// A browser cannot be made to send an arbitrary foreign Referer (fetch()
// only accepts same-origin referrers), so header-level checks such as
// zhimg's hotlink protection are easiest to test from here.
import { request } from 'node:https';

export interface NodeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * GETs `url` (e.g. https://pic1.zhimg.com/v2-x.jpg) from the fixture server
 * on `port`, with the URL's host as both SNI and Host header, exactly as a
 * browser using the --host-resolver-rules mapping would send it.
 */
export function getFromFixtureServer(
  port: number,
  url: string,
  headers: Record<string, string> = {},
): Promise<NodeResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'GET',
        path: `${target.pathname}${target.search}`,
        servername: target.hostname,
        headers: { Host: target.hostname, ...headers },
        // The certificate is self-signed on purpose.
        rejectUnauthorized: false,
        // A fresh connection each time, so a stop()ped server is noticed.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
