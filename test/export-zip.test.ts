// @vitest-environment node
// src/zip/writer.ts writes its own ZIP so the export's CRC is fast (crc32.ts); its bytes must
// stay exactly what client-zip 2.5 wrote, or every earlier backup would stop round-tripping
// byte for byte. client-zip is the reference here.
import { makeZip } from 'client-zip';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/zip/crc32';
import { collectStream, fixedMtime, zipBytes, zipStream, type ZipEntry } from '../src/zip/writer';

async function* chunked(parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

/** Byte-at-a-time reference CRC (the textbook loop client-zip uses). */
function slowCrc(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

function random(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = s >>> 16;
  }
  return out;
}

function reference(entries: { name: string; parts: (string | Uint8Array)[] }[]): Promise<Uint8Array> {
  const lastModified = fixedMtime();
  const inputs = entries.map((e) => ({ name: e.name, lastModified, input: (async function* () {
    for (const p of e.parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
  })() }));
  return collectStream(makeZip(inputs, { buffersAreUTF8: true }));
}

describe('zip writer', () => {
  it('crc32 matches the byte-at-a-time CRC at every length, offset and when continued', () => {
    const data = random(1000, 7);
    for (const n of [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1000]) expect(crc32(data.subarray(0, n))).toBe(slowCrc(data.subarray(0, n)));
    // Word reads need aligned views: every start offset mod 4, and tails of every length mod 16.
    for (const from of [1, 2, 3, 5]) for (const n of [64, 67, 300, 317]) expect(crc32(data.subarray(from, from + n))).toBe(slowCrc(data.subarray(from, from + n)));
    expect(crc32(data.subarray(300), crc32(data.subarray(0, 300)))).toBe(slowCrc(data));
    expect(crc32(data.subarray(301), crc32(data.subarray(0, 301)))).toBe(slowCrc(data));
  });

  it('writes the same bytes as client-zip for strings, bytes, chunks, empty and Unicode entries', async () => {
    const entries = [
      { name: 'backup.json', parts: ['{"a":', '"知乎"', '}'] },
      { name: '第1篇：历史.md', parts: ['---\ntitle: 历史\n---\n', random(5000, 1)] },
      { name: 'empty.txt', parts: [] },
      { name: 'dir/trailing/', parts: ['x'] },
      { name: 'images/v2-abc_720w.png', parts: [random(70_000, 2), random(3, 3)] },
    ];
    const ours: ZipEntry[] = entries.map((e) => ({ name: e.name, data: chunked(e.parts) }));
    expect(await zipBytes(ours)).toEqual(await reference(entries));
    expect(await zipBytes([{ name: 'a.md', data: 'plain' }, { name: 'b.bin', data: random(10, 4) }])).toEqual(await reference([{ name: 'a.md', parts: ['plain'] }, { name: 'b.bin', parts: [random(10, 4)] }]));
  });

  it('packs text across chunk boundaries into the same bytes: long Chinese, emoji, lone surrogates, many small entries', async () => {
    // > 1 MiB of text in one piece and in many, so encodeInto fills a chunk, stops before a
    // code point that does not fit, and goes on in the next; a lone surrogate becomes U+FFFD.
    const long = '知乎离线🙂 a\u2028'.repeat(120_000) + '\ud800x';
    const many = Array.from({ length: 400 }, (_, i) => `{"key":"answer:${i}","t":"${'历史'.repeat(i * 7)}"}`);
    const entries = [
      { name: 'backup.json', parts: [long, ...many, '\udfff'] },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `images/${i}.png`, parts: [random(i % 2 ? 70_000 : 900, i)] })),
      { name: 'tail.md', parts: many.slice(0, 20) },
    ];
    const ours: ZipEntry[] = entries.map((e) => ({ name: e.name, data: chunked(e.parts) }));
    // Buffer.equals: toEqual walks megabytes element by element.
    const expected = await reference(entries);
    expect(Buffer.from(await zipBytes(ours)).equals(expected)).toBe(true);
    // The same pieces at hand (an array, as the Hexo export hands each post): the same bytes.
    const atHand: ZipEntry[] = entries.map((e) => ({ name: e.name, data: e.parts }));
    expect(Buffer.from(await zipBytes(atHand)).equals(expected)).toBe(true);
  });

  it('counts progress, rejects an unnamed entry and stops with the abort reason', async () => {
    const seen: number[] = [];
    await zipBytes([{ name: 'a', data: 'abc' }, { name: 'b', data: random(10, 1) }], { onProgress: (p) => seen.push(p.bytes) });
    expect(seen).toEqual([3, 13]);
    // One large entry (a backup's JSON) reports as it goes, not only at its end.
    const big: number[] = [];
    const entries: number[] = [];
    async function* pieces(): AsyncGenerator<string> {
      for (let i = 0; i < 5; i++) yield 'x'.repeat(700 * 1024);
    }
    await zipBytes([{ name: 'backup.json', data: pieces() }], { onProgress: (p) => (big.push(p.bytes), entries.push(p.entries)) });
    expect(big).toEqual([1400, 2800, 3500].map((k) => k * 1024));
    expect(entries).toEqual([0, 0, 1]);
    await expect(zipBytes([{ name: '/', data: 'x' }])).rejects.toThrow(/name/);
    const ctrl = new AbortController();
    const reason = new Error('stop');
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        yield 'x'.repeat(1000);
        ctrl.abort(reason);
      }
    }
    await expect(collectStream(zipStream([{ name: 'a', data: endless() }], { signal: ctrl.signal }))).rejects.toBe(reason);
  });
});
