import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipBytes } from '../src/zip/writer';
import { bytesSource, DEFAULT_ZIP_LIMITS, readZip } from '../src/zip/reader';
import { entryNameProblem } from '../src/zip/names';

const enc = new TextEncoder();
const small = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 8 * 1024 * 1024 };

async function codeOf(zip: Uint8Array, limits = small): Promise<string> {
  const r = await readZip(bytesSource(zip), limits);
  return r.ok ? 'ok' : r.error.code;
}

/** Rewrites the declared uncompressed size of every entry (central and local headers). */
function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return out;
}

describe('zip reader: client-zip round trip', () => {
  it('reads what the writer wrote, including bytes that look like a data descriptor', async () => {
    // fflate's streaming Unzip truncates this stored entry at the PK\x07\x08; we must not.
    const image = new Uint8Array(1000).fill(1);
    image.set([0x50, 0x4b, 0x07, 0x08, 1, 2, 3, 4, 5, 0, 0, 0, 5, 0, 0, 0], 300);
    const zip = await zipBytes([{ name: 'images/a.bin', data: image }, { name: 'b.json', data: '{"x":"知"}' }]);
    const r = await readZip(bytesSource(zip));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.get('images/a.bin')).toEqual(image);
    expect(new TextDecoder().decode(r.value.get('b.json'))).toBe('{"x":"知"}');
  });

  it('writes a fixed DOS timestamp (1980-01-01 00:00) whatever the time zone', async () => {
    const zip = await zipBytes([{ name: 'a.txt', data: 'x' }]);
    expect([...zip.subarray(10, 14)]).toEqual([0, 0, 0x21, 0]);
  });

  it('reads deflated entries (other tools) and verifies CRC', async () => {
    const zip = zipSync({ 'a.txt': enc.encode('hello '.repeat(100)) }, { level: 9 });
    expect(await codeOf(zip)).toBe('ok');
    const broken = zip.slice();
    broken[40] = broken[40]! ^ 0xff; // flip a byte of the compressed data
    expect(await codeOf(broken)).not.toBe('ok');
  });
});

describe('zip reader: hostile archives', () => {
  it('rejects a zip bomb whose declared size is over the limit', async () => {
    const bomb = zipSync({ 'bomb.bin': new Uint8Array(12 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await codeOf(bomb)).toBe('zip_too_large');
  });

  it('rejects a bomb that lies about its size, without inflating past the lie', async () => {
    const bomb = lieAboutSize(zipSync({ 'bomb.bin': new Uint8Array(12 * 1024 * 1024) }, { level: 9 }), 1000);
    expect(await codeOf(bomb)).toBe('zip_too_large');
  });

  it('rejects an absurd compression ratio', async () => {
    const zeros = zipSync({ 'z.bin': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    expect(await codeOf(zeros)).toBe('zip_ratio');
  });

  it('rejects too many entries', async () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, enc.encode('x')]));
    expect(await codeOf(zipSync(many), { ...small, maxEntries: 10 })).toBe('zip_too_many_entries');
  });

  for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/x.txt', 'c:evil', 'a\\..\\b', 'a\u0000b', 'dir/', './a', 'a//b']) {
    it(`rejects entry name ${JSON.stringify(name)}`, async () => {
      expect(entryNameProblem(name)).not.toBeNull();
      expect(await codeOf(zipSync({ [name]: enc.encode('x') }))).toBe('zip_bad_entry_name');
    });
  }

  it('accepts ..foo.txt, which is a legitimate name', () => {
    expect(entryNameProblem('..foo.txt')).toBeNull();
  });

  it('rejects entries that overlap (non-recursive bomb shape)', async () => {
    const zip = zipSync({ 'a.txt': enc.encode('aaaa'), 'b.txt': enc.encode('bbbb') }, { level: 0 });
    const view = new DataView(zip.buffer);
    const cds = [...zip.keys()].filter((i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(cds[1]! + 42, view.getUint32(cds[0]! + 42, true), true); // b points at a's data
    expect(await codeOf(zip)).toBe('zip_corrupt');
  });

  it('rejects a Zip64 size marker without its Zip64 extra field', async () => {
    const zip = (await zipBytes([{ name: 'a.txt', data: 'hello' }])).slice();
    const view = new DataView(zip.buffer);
    const cd = [...zip.keys()].find((i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50)!;
    view.setUint32(cd + 24, 0xffffffff, true);
    expect(await codeOf(zip)).toBe('zip_corrupt');
  });

  it('rejects a Zip64 end locator that points outside the file', async () => {
    const zip = await zipBytes([{ name: 'a.txt', data: 'hello' }]);
    const locator = new Uint8Array(20);
    const view = new DataView(locator.buffer);
    view.setUint32(0, 0x07064b50, true);
    view.setBigUint64(8, 1n << 40n, true);
    view.setUint32(16, 1, true);
    const forged = new Uint8Array(zip.length + 20);
    forged.set(zip.subarray(0, zip.length - 22));
    forged.set(locator, zip.length - 22);
    forged.set(zip.subarray(zip.length - 22), zip.length - 2);
    expect(await codeOf(forged)).toBe('zip_corrupt');
  });

  it('rejects duplicates after NFC and case folding', async () => {
    const zip = zipSync({ 'images/A.jpg': enc.encode('1'), 'images/a.jpg': enc.encode('2') });
    expect(await codeOf(zip)).toBe('zip_duplicate_entry');
  });

  it('rejects non-zips and truncated zips', async () => {
    expect(await codeOf(enc.encode('not a zip at all, just some text'))).toBe('zip_not_a_zip');
    const zip = await zipBytes([{ name: 'a.txt', data: 'hello' }]);
    expect(await codeOf(zip.subarray(0, zip.length - 5))).toBe('zip_not_a_zip');
  });

  it('stops when aborted', async () => {
    const zip = zipSync({ 'a.txt': enc.encode('x') });
    const r = await readZip(bytesSource(zip), small, AbortSignal.abort());
    expect(r.ok ? 'ok' : r.error.code).toBe('aborted');
  });
});
