/**
 * The few WebDAV requests sync needs (issue #16), on fetch, so the same code runs in the extension's
 * service worker, in a page and in Node: PROPFIND depth 1, GET, PUT, MKCOL, MOVE, DELETE, with basic auth.
 * Hand-written: the WebDAV client libraries on npm carry an XML parser and Node shims larger than all of
 * this, and the XML we read is one element per file (`DOMParser` where there is one, a strict scanner of
 * the `multistatus` answer where there is not — Chromium's worker has no DOM parser).
 *
 * Every answer but success becomes a DavError whose `kind` the UI says in words (sync-text.ts): a server
 * is untrusted, so nothing it sends is shown as is.
 */

export type DavErrorKind = 'network' | 'auth' | 'forbidden' | 'not-found' | 'conflict' | 'locked' | 'busy' | 'full' | 'server' | 'changed' | 'bad-answer';

export class DavError extends Error {
  constructor(
    readonly kind: DavErrorKind,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DavError';
  }
}

export interface DavConfig {
  /** The server's WebDAV URL as the user gives it (坚果云 `https://dav.jianguoyun.com/dav/`, Nextcloud `…/remote.php/dav/files/<user>/`): it exists. */
  server: string;
  /** Our folder inside it (`zhihu-offline/`), created with its parents when missing; '' for the server's root. */
  folder: string;
  user: string;
  password: string;
}

export interface DavEntry {
  /** The name inside the listed folder (decoded), without a trailing slash. */
  name: string;
  folder: boolean;
  etag: string | null;
  size: number | null;
}

export interface DavResponse {
  status: number;
  etag: string | null;
  bytes: Uint8Array;
}

type FetchLike = typeof fetch;

const KIND_BY_STATUS: Record<number, DavErrorKind> = {
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'changed',
  423: 'locked',
  429: 'busy',
  507: 'full',
};

function kindOf(status: number): DavErrorKind {
  return KIND_BY_STATUS[status] ?? (status >= 500 ? 'server' : 'bad-answer');
}

/**
 * A 429 or 503 waits this long at most before the request is tried again (坚果云 rate-limits bursts); so does a
 * 423, which rclone answers to an MKCOL of a folder another upload is creating at the same moment.
 */
const MAX_BACKOFF_MS = 8_000;
/** What a temporary upload's name adds to the file's (`<name>.part-<writer>`); readers pass over such files. */
const TEMP_MARK = '.part-';
const TRIES = 4;

export class DavClient {
  private readonly auth: string;

  constructor(
    private readonly config: DavConfig,
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!config.server.endsWith('/') || (config.folder !== '' && !config.folder.endsWith('/'))) throw new Error('DAV server and folder must end in /');
    this.auth = `Basic ${base64(new TextEncoder().encode(`${config.user}:${config.password}`))}`;
  }

  /** `path` is inside our folder; every segment is percent-encoded (names may hold spaces, CJK, `#`). */
  url(path: string): string {
    return this.config.server + (this.config.folder + path).split('/').map(encodeURIComponent).join('/');
  }

  /** The files and folders directly inside `path` (a folder path ending in `/`, or '' for the root). */
  async list(path: string): Promise<DavEntry[]> {
    const body = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontentlength/><d:resourcetype/></d:prop></d:propfind>';
    const r = await this.send('PROPFIND', path, { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' }, body, [207]);
    return parseMultistatus(new TextDecoder().decode(r.bytes), new URL(this.url(path)).pathname);
  }

  /** The file's bytes and ETag, or null when there is none. */
  async get(path: string, ifNoneMatch?: string): Promise<DavResponse | null> {
    const headers: Record<string, string> = ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {};
    try {
      return await this.send('GET', path, headers, undefined, [200, 304]);
    } catch (e) {
      if (e instanceof DavError && e.kind === 'not-found') return null;
      throw e;
    }
  }

  /**
   * Writes a file whole or not at all: to a temporary name first, then MOVEd over the real one, so a
   * reader (another device, our importer) never sees half a file. The temporary name is the file's own plus
   * the writer's tag (letters and digits), the same each time: a sync killed between the two leaves it, and
   * the next sync, which sends that file again, writes over it and moves it away instead of leaving another.
   * Two devices never share a tag; two syncs of one device never run at once (a Web Lock).
   */
  async putWhole(path: string, data: Uint8Array, contentType: string, writer: string): Promise<void> {
    if (!/^[a-z0-9]+$/.test(writer)) throw new Error('DAV writer tag must be lowercase letters and digits');
    const temp = `${path}${TEMP_MARK}${writer}`;
    await this.putCreatingFolders(temp, data, contentType);
    try {
      await this.send('MOVE', temp, { Destination: this.url(path), Overwrite: 'T' }, undefined, [201, 204]);
    } catch (e) {
      await this.remove(temp).catch(() => undefined);
      throw e;
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await this.send('DELETE', path, {}, undefined, [200, 204]);
    } catch (e) {
      if (!(e instanceof DavError && e.kind === 'not-found')) throw e;
    }
  }

  /** Creates `path` (a folder inside ours, ending in `/`, or '' for ours) and every missing parent up to the server's URL. */
  async makeFolders(path: string): Promise<void> {
    const parts = (this.config.folder + path).split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const url = `${this.config.server}${parts.slice(0, i).map(encodeURIComponent).join('/')}/`;
      try {
        await this.sendTo(url, 'MKCOL', {}, undefined, [201]);
      } catch (e) {
        // 405: it exists already. Some servers say 409 or 403 for a folder whose parent is missing, which the loop creates first.
        if (!(e instanceof DavError && (e.status === 405 || e.kind === 'conflict'))) throw e;
      }
    }
  }

  private async putCreatingFolders(path: string, data: Uint8Array, contentType: string): Promise<void> {
    try {
      await this.send('PUT', path, { 'Content-Type': contentType }, data, [200, 201, 204]);
    } catch (e) {
      // A missing parent folder: 409 by RFC 4918, 403 from 坚果云, 404 from some servers.
      if (!(e instanceof DavError && (e.kind === 'conflict' || e.kind === 'forbidden' || e.kind === 'not-found'))) throw e;
      await this.makeFolders(path.slice(0, path.lastIndexOf('/') + 1));
      await this.send('PUT', path, { 'Content-Type': contentType }, data, [200, 201, 204]);
    }
  }

  private send(method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined, ok: number[]): Promise<DavResponse> {
    return this.sendTo(this.url(path), method, headers, body, ok);
  }

  private async sendTo(url: string, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, ok: number[]): Promise<DavResponse> {
    const path = url.slice(this.config.server.length);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method,
          headers: { Authorization: this.auth, ...headers },
          body: body as BodyInit | undefined,
          credentials: 'omit',
          cache: 'no-store',
          redirect: 'follow',
        });
      } catch (e) {
        throw new DavError('network', 0, `${method} ${path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (ok.includes(res.status)) {
        return { status: res.status, etag: res.headers.get('ETag'), bytes: new Uint8Array(await res.arrayBuffer()) };
      }
      await res.body?.cancel().catch(() => undefined);
      if ((res.status === 429 || res.status === 503 || res.status === 423) && attempt < TRIES) {
        const after = Number(res.headers.get('Retry-After'));
        await this.sleep(Math.min(MAX_BACKOFF_MS, Number.isFinite(after) && after > 0 ? after * 1000 : 500 * 2 ** attempt));
        continue;
      }
      throw new DavError(kindOf(res.status), res.status, `${method} ${path}: HTTP ${res.status}`);
    }
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

const RESPONSE = /<(?:[\w-]+:)?response\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?response>/g;
const tag = (name: string): RegExp => new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');

/**
 * The entries of a PROPFIND depth-1 answer, without the listed folder itself. A scanner rather than an XML
 * parser (none in a service worker); it reads only `href`, `getetag`, `getcontentlength` and whether
 * `resourcetype` holds a `collection`, and skips any `response` it cannot read.
 */
export function parseMultistatus(xml: string, folderPath: string): DavEntry[] {
  const out: DavEntry[] = [];
  const self = decodePath(folderPath).replace(/\/+$/, '');
  for (const m of xml.matchAll(RESPONSE)) {
    const block = m[1] ?? '';
    const href = tag('href').exec(block)?.[1];
    if (!href) continue;
    let path: string;
    try {
      path = decodePath(new URL(unescapeXml(href.trim()), 'http://x').pathname).replace(/\/+$/, '');
    } catch {
      continue;
    }
    if (path === self || !path.startsWith(`${self}/`)) continue;
    const name = path.slice(self.length + 1);
    if (!name || name.includes('/')) continue;
    const type = tag('resourcetype').exec(block)?.[1] ?? '';
    const etag = tag('getetag').exec(block)?.[1];
    const size = Number(tag('getcontentlength').exec(block)?.[1]);
    out.push({ name, folder: /<(?:[\w-]+:)?collection\b/.test(type), etag: etag ? unescapeXml(etag.trim()) : null, size: Number.isFinite(size) ? size : null });
  }
  return out;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
