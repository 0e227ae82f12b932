/**
 * The export's ZIP writer runs in a worker (src/ui/transfer/zip-worker.ts) so that its CPU — UTF-8
 * encoding, CRC-32, packing and the Blob — runs on the second core while the page reads and renders
 * the next posts (issue #6: the page thread was the export's bottleneck). Entries cross the boundary
 * as batches of ops: `{ entry }` starts an entry, the pieces that follow are its data, in order.
 * Batches are big (about a MiB) because each message costs more than copying a post's text.
 */
import { isLazy, isPiece, type ZipEntry, type ZipPiece } from '../zip/writer';

export type FeedOp = ZipPiece | { entry: string };

export interface FeedBatch {
  ops: FeedOp[];
  /** What the batch holds, about (a string counts its length): the page's credit is kept in this unit. */
  size: number;
  /** Buffers handed over rather than copied (big pieces that own their whole buffer). */
  transfer: ArrayBuffer[];
}

export const BATCH_SIZE = 1024 * 1024;
/** Byte pieces this big that own their buffer are transferred; smaller ones are copied. */
const TRANSFER_MIN = 64 * 1024;

class BatchBuilder {
  private ops: FeedOp[] = [];
  private size = 0;
  private transfer = new Set<ArrayBuffer>();

  constructor(private readonly limit: number) {}

  push(op: FeedOp): void {
    if (op instanceof Uint8Array) return this.pushBytes(op);
    this.ops.push(op);
    this.size += typeof op === 'string' ? op.length : op.entry.length;
  }

  private pushBytes(bytes: Uint8Array): void {
    const buffer = bytes.buffer;
    const owns = buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
    if (owns && bytes.byteLength >= TRANSFER_MIN && !this.transfer.has(buffer)) this.transfer.add(buffer);
    // A view of a bigger buffer would be cloned whole, and a shared one must not be detached.
    this.ops.push(owns ? bytes : bytes.slice());
    this.size += bytes.byteLength;
  }

  get full(): boolean {
    return this.size >= this.limit;
  }

  get empty(): boolean {
    return this.ops.length === 0;
  }

  take(): FeedBatch {
    const batch = { ops: this.ops, size: this.size, transfer: [...this.transfer] };
    this.ops = [];
    this.size = 0;
    this.transfer = new Set();
    return batch;
  }
}

/** The entries as batches of ops, each about `limit`; pieces are neither joined nor encoded. */
export async function* feedBatches(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, limit = BATCH_SIZE): AsyncGenerator<FeedBatch> {
  const builder = new BatchBuilder(limit);
  for await (const entry of entries) {
    builder.push({ entry: entry.name });
    const pieces = isPiece(entry.data) ? [entry.data] : entry.data;
    if (isLazy(pieces)) {
      for await (const piece of pieces) {
        builder.push(piece);
        if (builder.full) yield builder.take();
      }
    } else {
      for (const piece of pieces) {
        builder.push(piece);
        if (builder.full) yield builder.take();
      }
    }
  }
  if (!builder.empty) yield builder.take();
}

const isStart = (op: FeedOp): op is { entry: string } => typeof op === 'object' && !(op instanceof Uint8Array);

/**
 * The worker's end: batches in, entries out for zipStream, in the order they were sent. The ZIP
 * writer reads each entry's data to its end before it asks for the next entry, so one cursor over
 * the ops serves both. `onConsumed` gets each batch's size once the writer has moved past it.
 */
export class FeedQueue {
  private readonly batches: Pick<FeedBatch, 'ops' | 'size'>[] = [];
  private at = 0;
  private finished = false;
  private wake: (() => void) | null = null;

  constructor(private readonly onConsumed: (size: number) => void = () => undefined) {}

  push(batch: Pick<FeedBatch, 'ops' | 'size'>): void {
    this.batches.push(batch);
    this.wake?.();
  }

  /** No batch follows: the entries end once these are read. */
  finish(): void {
    this.finished = true;
    this.wake?.();
  }

  private async next(): Promise<FeedOp | null> {
    for (;;) {
      const head = this.batches[0];
      if (head && this.at < head.ops.length) return head.ops[this.at++]!;
      if (head) {
        this.batches.shift();
        this.at = 0;
        this.onConsumed(head.size);
        continue;
      }
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async *entries(): AsyncGenerator<ZipEntry> {
    const cursor: { op: FeedOp | null; open: boolean } = { op: await this.next(), open: false };
    while (cursor.op !== null) {
      const start = cursor.op;
      if (!isStart(start)) throw new Error('export feed: data before its entry');
      const data = async function* (this: FeedQueue): AsyncGenerator<ZipPiece> {
        for (;;) {
          const op = await this.next();
          if (op === null || isStart(op)) {
            cursor.op = op;
            cursor.open = false;
            return;
          }
          yield op;
        }
      };
      cursor.open = true;
      yield { name: start.entry, data: data.call(this) };
      if (cursor.open) throw new Error('export feed: an entry was left before its end');
    }
  }
}
