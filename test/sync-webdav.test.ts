// The WebDAV client (issue #16) against a real server: rclone serve webdav with basic auth.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DavClient, DavError, parseMultistatus } from '../src/sync/webdav';
import { startWebDav, type WebDavServer } from './support/webdav-server';

let server: WebDavServer;
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

beforeAll(async () => {
  server = await startWebDav();
});
afterAll(async () => {
  await server.close();
});

const client = (folder = 'zhihu-offline/', password = server.password): DavClient => new DavClient({ server: server.url, folder, user: server.user, password });

describe('DavClient on rclone serve webdav', () => {
  it('writes a file whole into folders it creates, lists it with its ETag and size, reads it back', async () => {
    const dav = client();
    await dav.putWhole('posts/answer/1.json', bytes('{"a":1}'), 'application/json', 'dev1');
    expect(readFileSync(path.join(server.dir, 'zhihu-offline/posts/answer/1.json'), 'utf8')).toBe('{"a":1}');
    // No temporary file is left beside it.
    expect(readdirSync(path.join(server.dir, 'zhihu-offline/posts/answer'))).toEqual(['1.json']);
    const listed = await dav.list('posts/answer/');
    expect(listed).toEqual([{ name: '1.json', folder: false, etag: expect.any(String), size: 7 }]);
    const got = await dav.get('posts/answer/1.json');
    expect(text(got?.bytes)).toBe('{"a":1}');
    expect(got?.etag).toBe(listed[0]?.etag);
    // Unchanged since that ETag: 304, no body.
    expect((await dav.get('posts/answer/1.json', got!.etag!))?.status).toBe(304);
  });

  it('replaces a file, removes one, and says null for a file that is not there', async () => {
    const dav = client();
    await dav.putWhole('devices/a.json', bytes('one'), 'application/json', 'dev1');
    await dav.putWhole('devices/a.json', bytes('two'), 'application/json', 'dev1');
    expect(text((await dav.get('devices/a.json'))?.bytes)).toBe('two');
    await dav.remove('devices/a.json');
    expect(await dav.get('devices/a.json')).toBeNull();
    await dav.remove('devices/a.json');
    expect((await dav.list('devices/')).map((e) => e.name)).toEqual([]);
  });

  it('uploads side by side creating the same missing folders all go through (rclone answers 423 to a concurrent MKCOL of one folder)', async () => {
    const dav = new DavClient({ server: server.url, folder: 'side-by-side/', user: server.user, password: server.password }, undefined, (ms) => new Promise((r) => setTimeout(r, ms / 20)));
    for (let round = 0; round < 20; round++) {
      await Promise.all([1, 2, 3, 4, 5, 6].map(() => dav.makeFolders(`r${round}/posts/answer/`)));
      await dav.putWhole(`r${round}/posts/answer/1.json`, bytes('1'), 'application/json', 'dev1');
      expect(readdirSync(path.join(server.dir, `side-by-side/r${round}/posts/answer`))).toEqual(['1.json']);
    }
  });

  it('an upload cut off between its PUT and its MOVE leaves its temporary file; the next upload of that file by the same device takes it over, leaving none', async () => {
    // The network gone after the temporary PUT: the MOVE and the clean-up DELETE never reach the server, as when a sync is killed there.
    const cut = new DavClient({ server: server.url, folder: 'cut/', user: server.user, password: server.password }, (input, init) =>
      init?.method === 'MOVE' || init?.method === 'DELETE' ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init), async () => undefined);
    await expect(cut.putWhole('posts/answer/1.json', bytes('half'), 'application/json', 'dev1')).rejects.toBeInstanceOf(DavError);
    const dir = path.join(server.dir, 'cut/posts/answer');
    expect(readdirSync(dir)).toEqual(['1.json.part-dev1']);
    // Another device writing the same file meanwhile uses its own temporary name, and does not touch this one.
    const other = new DavClient({ server: server.url, folder: 'cut/', user: server.user, password: server.password });
    await other.putWhole('posts/answer/1.json', bytes('theirs'), 'application/json', 'dev2');
    expect(readdirSync(dir).sort()).toEqual(['1.json', '1.json.part-dev1']);
    await other.putWhole('posts/answer/1.json', bytes('whole'), 'application/json', 'dev1');
    expect(readdirSync(dir)).toEqual(['1.json']);
    expect(readFileSync(path.join(dir, '1.json'), 'utf8')).toBe('whole');
    await expect(other.putWhole('posts/answer/2.json', bytes('x'), 'application/json', 'Dev-1')).rejects.toThrow('writer tag');
  });

  it('names file names with spaces and CJK characters the same way both ways', async () => {
    const dav = client('同步 文件夹/');
    await dav.putWhole('images/图 1.png', bytes('x'), 'image/png', 'dev1');
    expect((await dav.list('images/')).map((e) => e.name)).toEqual(['图 1.png']);
  });

  it('a wrong password is an auth error; a server that is down is a network error', async () => {
    await expect(client('zhihu-offline/', 'wrong').list('')).rejects.toMatchObject({ kind: 'auth', status: 401 });
    const dead = new DavClient({ server: 'http://127.0.0.1:9/', folder: 'zhihu-offline/', user: 'u', password: 'p' });
    await expect(dead.list('')).rejects.toBeInstanceOf(DavError);
    await expect(dead.list('')).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('parseMultistatus', () => {
  it('reads prefixed and unprefixed answers, skips the folder itself and what it cannot read', () => {
    const xml = `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">
      <D:response><D:href>/dav/zo/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop></D:propstat></D:response>
      <D:response><D:href>/dav/zo/a%20b.json</D:href><D:propstat><D:prop><D:getetag>"e&amp;1"</D:getetag><D:getcontentlength>12</D:getcontentlength><D:resourcetype/></D:prop></D:propstat></D:response>
      <response xmlns="DAV:"><href>http://host/dav/zo/images/</href><propstat><prop><resourcetype><collection/></resourcetype></prop></propstat></response>
      <D:response><D:href>/elsewhere/x.json</D:href></D:response>
      <D:response></D:response></D:multistatus>`;
    expect(parseMultistatus(xml, '/dav/zo/')).toEqual([
      { name: 'a b.json', folder: false, etag: '"e&1"', size: 12 },
      { name: 'images', folder: true, etag: null, size: null },
    ]);
  });
});
