/**
 * Streaming ZIP writer: entries are stored, not deflated (images are already compressed), and
 * written as they come, so memory stays bounded whatever the export's size.
 *
 * The bytes are exactly those client-zip 2.5 wrote for the same entries (test/export-zip.test.ts
 * compares them; the records are in records.ts), except the end records of 65,535+ entries. It is written here rather than called
 * because the export spent most of its CPU in client-zip's byte-at-a-time CRC and its two
 * ReadableStreams per entry (crc32.ts); src/export/zip-feed.ts carries entries to it in a worker.
 *
 * Deterministic: every entry gets the same modification time, and entries are written in
 * the order given (callers sort). The DOS time is built from *local* date fields, so the fixed
 * date uses the local constructor: 1980-01-01 00:00 in every time zone.
 */
import { crc32 } from './crc32';
import { Packer } from './packer';
import { centralRecord, dataDescriptor, endRecords, localHeader, MAX32, nameBytes, type Written } from './records';

/** A piece of an entry: bytes, or a string (UTF-8). */
export type ZipPiece = Uint8Array | string;

export interface ZipEntry {
  name: string;
  /**
   * One piece; pieces at hand, written in turn as if joined (no joined copy is made); or pieces
   * produced lazily (bounded memory for big entries).
   */
  data: ZipPiece | readonly ZipPiece[] | AsyncIterable<ZipPiece>;
}

export interface ZipProgress {
  entries: number;
  /** Uncompressed bytes handed to the writer so far. */
  bytes: number;
}

export interface ZipOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ZipProgress) => void;
}

/** Within an entry, progress is reported every this many bytes (and at each entry's end). */
export const PROGRESS_STEP = 1024 * 1024;

export const fixedMtime = (): Date => new Date(1980, 0, 1, 0, 0, 0);

// ArrayBuffer.isView, not instanceof: bytes made in another realm (a test DOM's TextEncoder) are bytes too.
export const isPiece = (data: ZipEntry['data']): data is ZipPiece => typeof data === 'string' || ArrayBuffer.isView(data);
export const isLazy = (data: ZipEntry['data']): data is AsyncIterable<ZipPiece> => typeof data === 'object' && Symbol.asyncIterator in data;

async function* zipChunks(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions): AsyncGenerator<Uint8Array> {
  const progress: ZipProgress = { entries: 0, bytes: 0 };
  const mtime = fixedMtime();
  const written: Written[] = [];
  let offset = 0;
  let zip64 = false;
  const out = new Packer();
  let reported = 0;
  const report = (): void => {
    reported = progress.bytes;
    options.onProgress?.({ ...progress });
  };
  for await (const entry of entries) {
    options.signal?.throwIfAborted();
    const e: Written = { name: nameBytes(entry.name), crc: 0, size: 0, offset };
    const seen = (bytes: Uint8Array): void => {
      e.crc = crc32(bytes, e.crc);
      e.size += bytes.length;
      progress.bytes += bytes.length;
      // A backup is one large entry: without this its progress showed 0 MB until the very end.
      if (progress.bytes - reported >= PROGRESS_STEP) report();
    };
    function* write(piece: ZipPiece): Generator<Uint8Array> {
      if (typeof piece === 'string') yield* out.text(piece, seen);
      else {
        seen(piece);
        yield* out.bytes(piece);
      }
    }
    yield* out.bytes(localHeader(e.name, mtime));
    const data = entry.data;
    if (isPiece(data)) yield* write(data);
    else if (isLazy(data)) {
      for await (const piece of data) {
        options.signal?.throwIfAborted();
        yield* write(piece);
      }
    } else for (const piece of data) yield* write(piece); // at hand: no await per piece
    yield* out.bytes(dataDescriptor(e));
    written.push(e);
    offset += 46 + e.name.length + e.size + (e.size >= MAX32 ? 8 : 0);
    zip64 ||= e.size >= MAX32;
    progress.entries += 1;
    report();
  }
  let dirSize = 0;
  for (const e of written) {
    const record = centralRecord(e, mtime);
    dirSize += record.length;
    yield* out.bytes(record);
  }
  // APPNOTE 4.4.1.4 wants the Zip64 end records from 65,535 entries on; client-zip wrote them only
  // past 4 GiB, so its archives of 65,535+ small entries held a wrong count (reader.ts reads both).
  yield* out.bytes(endRecords(written.length, dirSize, offset, zip64 || offset >= MAX32 || written.length >= 0xffff));
  yield* out.flush();
}

/** A ZIP as a byte stream; it errors with the signal's reason when aborted. */
export function zipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions = {}): ReadableStream<Uint8Array> {
  const chunks = zipChunks(entries, options);
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (cancelled) return;
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason: unknown) {
      cancelled = true;
      // Not awaited: the writer may be waiting for a read (IndexedDB) and takes the reason at its
      // next step; a cancel (the user's Cancel, a pipe's abort) must not wait for that read.
      chunks.throw(reason).catch(() => undefined);
    },
  });
}

/** Reads a whole stream into one array (tests, small exports). */
export async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export async function zipBytes(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions = {}): Promise<Uint8Array> {
  return collectStream(zipStream(entries, options));
}
