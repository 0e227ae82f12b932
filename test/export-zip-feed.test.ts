// @vitest-environment node
// The export's ZIP is written in a worker (src/export/zip-feed.ts): the entries cross as batches
// of ops, cloned as postMessage clones them. Whatever the batching, the ZIP must be the one the
// writer makes from the entries directly, and the page's credit must come back in full.
import { describe, expect, it } from 'vitest';
import { feedBatches, FeedQueue, type FeedBatch } from '../src/export/zip-feed';
import { zipBytes, type ZipEntry, type ZipPiece } from '../src/zip/writer';

function bytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

async function* lazy(pieces: ZipPiece[]): AsyncGenerator<ZipPiece> {
  for (const p of pieces) {
    await Promise.resolve();
    yield p;
  }
}

/** A fresh set each call: transferring detaches the big buffers of the set that was sent. */
function entries(): ZipEntry[] {
  const shared = bytes(300_000, 7);
  return [
    { name: 'a.md', data: '\n---\ntitle: \'知乎\'\n---\n<div>作者的回答<br><br>' + '汉字'.repeat(5_000) + '</div>\n' },
    { name: 'empty.md', data: [] },
    { name: 'parts.md', data: ['front matter\n', '正文 😀 '.repeat(3_000), '\n'] },
    { name: 'view.bin', data: shared.subarray(1_000, 150_000) },
    { name: 'images/owned.png', data: lazy([bytes(200_000, 3)]) },
    { name: 'backup.json', data: lazy(['{"posts":[', ...Array.from({ length: 50 }, (_, i) => `{"n":${i},"t":"${'字'.repeat(i * 40)}"},`), '0]}']) },
    { name: 'tiny.bin', data: bytes(10, 1) },
  ];
}

/** What postMessage does to a batch: a structured clone, with the batch's buffers transferred. */
function send(batch: FeedBatch): Pick<FeedBatch, 'ops' | 'size'> {
  return structuredClone({ ops: batch.ops, size: batch.size }, { transfer: batch.transfer });
}

async function throughFeed(source: ZipEntry[], limit: number): Promise<{ zip: Uint8Array; sent: FeedBatch[]; consumed: number[] }> {
  const consumed: number[] = [];
  const queue = new FeedQueue((size) => consumed.push(size));
  const sent: FeedBatch[] = [];
  const writing = zipBytes(queue.entries());
  for await (const batch of feedBatches(source, limit)) {
    sent.push(batch);
    queue.push(send(batch));
  }
  queue.finish();
  return { zip: await writing, sent, consumed };
}

describe('the ZIP writer fed through batches (worker export)', () => {
  it.each([64, 4_096, 100_000, 1024 * 1024])('writes the same bytes as the direct writer (batches of ~%i)', async (limit) => {
    const direct = await zipBytes(entries());
    const { zip, sent } = await throughFeed(entries(), limit);
    expect(zip).toEqual(direct);
    const total = sent.reduce((n, b) => n + b.size, 0);
    // Pieces are never split, so big ones make fewer batches than total / limit.
    if (limit >= total) expect(sent).toHaveLength(1);
    else expect(sent.length).toBeGreaterThan(2);
  });

  it('returns the whole credit, one batch at a time, once the writer moved past each', async () => {
    const { sent, consumed } = await throughFeed(entries(), 50_000);
    expect(consumed).toEqual(sent.map((b) => b.size));
  });

  it('sends a batch as soon as it holds the limit, never much later', async () => {
    const sent: FeedBatch[] = [];
    for await (const batch of feedBatches(entries(), 50_000)) sent.push(batch); // not sent: nothing detached
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const batch of sent.slice(0, -1)) {
      expect(batch.size).toBeGreaterThanOrEqual(50_000);
      const last = batch.ops.at(-1)!;
      const lastSize = typeof last === 'string' ? last.length : last instanceof Uint8Array ? last.byteLength : last.entry.length;
      expect(batch.size - lastSize).toBeLessThan(50_000);
    }
  });

  it('transfers big buffers a piece owns and copies views, so the caller\'s shared buffer stays whole', async () => {
    const shared = bytes(300_000, 9);
    const owned = bytes(200_000, 4);
    const small = bytes(1_000, 5);
    const batches: FeedBatch[] = [];
    for await (const b of feedBatches([{ name: 'v', data: shared.subarray(10, 100_000) }, { name: 'o', data: owned }, { name: 's', data: small }])) batches.push(b);
    const transfer = batches.flatMap((b) => b.transfer);
    expect(transfer).toEqual([owned.buffer]);
    batches.forEach(send);
    expect(owned.byteLength).toBe(0); // handed over
    expect(shared.byteLength).toBe(300_000);
    expect(small.byteLength).toBe(1_000);
  });

  it('waits for batches that have not come yet, and ends only when told', async () => {
    const queue = new FeedQueue();
    const names: string[] = [];
    const reading = (async () => {
      for await (const entry of queue.entries()) {
        names.push(entry.name);
        for await (const piece of entry.data as AsyncIterable<ZipPiece>) names.push(String(piece));
      }
      names.push('end');
    })();
    queue.push({ ops: [{ entry: 'a' }, 'x'], size: 2 });
    await new Promise((r) => setTimeout(r, 10));
    expect(names).toEqual(['a', 'x']);
    queue.push({ ops: ['y', { entry: 'b' }], size: 2 });
    await new Promise((r) => setTimeout(r, 10));
    expect(names).toEqual(['a', 'x', 'y', 'b']);
    queue.finish();
    await reading;
    expect(names).toEqual(['a', 'x', 'y', 'b', 'end']);
  });

  it('refuses data that comes before any entry', async () => {
    const queue = new FeedQueue();
    queue.push({ ops: ['orphan'], size: 6 });
    queue.finish();
    await expect(zipBytes(queue.entries())).rejects.toThrow(/before its entry/);
  });
});
