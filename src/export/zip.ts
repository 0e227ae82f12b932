/**
 * Streaming ZIP writer: entries are stored, not deflated (images are already compressed), and
 * written as they come, so memory stays bounded whatever the export's size.
 *
 * The bytes are exactly those client-zip 2.5 wrote for the same entries (test/export-zip.test.ts
 * compares them): version 4.5, UTF-8 names, a data descriptor after each entry, Zip64 fields
 * only past 4 GiB. It is written here rather than called because the export spent most of its
 * CPU in client-zip's byte-at-a-time CRC and its two ReadableStreams per entry (crc32.ts).
 *
 * Deterministic: every entry gets the same modification time, and entries are written in
 * the order given (callers sort). The DOS time is built from *local* date fields, so the fixed
 * date uses the local constructor: 1980-01-01 00:00 in every time zone.
 */
import { crc32 } from './crc32';

export interface ZipEntry {
  name: string;
  /** Bytes, a string (UTF-8), or chunks produced lazily (bounded memory for big entries). */
  data: Uint8Array | string | AsyncIterable<Uint8Array | string>;
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

export const fixedMtime = (): Date => new Date(1980, 0, 1, 0, 0, 0);

const encoder = new TextEncoder();
const asBytes = (chunk: Uint8Array | string): Uint8Array => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);

const MAX32 = 0xffffffff;
/** Unix mode 0664, regular file, as client-zip writes it in the external attributes. */
const FILE_MODE = 0o100664;
const FLAGS = 0x0808; // data descriptor + UTF-8 names
const VERSION = 45; // 4.5: Zip64-capable

function dosDateTime(d: Date, view: DataView, at: number): void {
  view.setUint16(at, (d.getSeconds() >> 1) | (d.getMinutes() << 5) | (d.getHours() << 11), true);
  view.setUint16(at + 2, d.getDate() | ((d.getMonth() + 1) << 5) | ((d.getFullYear() - 1980) << 9), true);
}

function nameBytes(name: string): Uint8Array {
  let bytes = encoder.encode(name);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x2f) end--; // a file name never ends in '/'
  if (!end) throw new Error('The file must have a name.');
  bytes = bytes.subarray(0, end);
  return bytes;
}

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

function localHeader(name: Uint8Array, mtime: Date): Uint8Array {
  const v = new DataView(new ArrayBuffer(30 + name.length));
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, VERSION, true);
  v.setUint16(6, FLAGS, true);
  dosDateTime(mtime, v, 10);
  v.setUint16(26, name.length, true);
  const out = new Uint8Array(v.buffer);
  out.set(name, 30);
  return out;
}

function dataDescriptor(e: Written): Uint8Array {
  const zip64 = e.size >= MAX32;
  const v = new DataView(new ArrayBuffer(zip64 ? 24 : 16));
  v.setUint32(0, 0x08074b50, true);
  v.setUint32(4, e.crc, true);
  if (zip64) {
    v.setBigUint64(8, BigInt(e.size), true);
    v.setBigUint64(16, BigInt(e.size), true);
  } else {
    v.setUint32(8, e.size, true);
    v.setUint32(12, e.size, true);
  }
  return new Uint8Array(v.buffer);
}

function centralRecord(e: Written, mtime: Date): Uint8Array {
  const bigSize = e.size >= MAX32;
  const extra = bigSize ? 28 : e.offset >= MAX32 ? 12 : 0;
  const v = new DataView(new ArrayBuffer(46 + e.name.length + extra));
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, 0x0300 | VERSION, true); // made by Unix
  v.setUint16(6, VERSION, true);
  v.setUint16(8, FLAGS, true);
  dosDateTime(mtime, v, 12);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, Math.min(MAX32, e.size), true);
  v.setUint32(24, Math.min(MAX32, e.size), true);
  v.setUint16(28, e.name.length, true);
  v.setUint16(30, extra, true);
  v.setUint16(40, FILE_MODE, true);
  v.setUint32(42, Math.min(MAX32, e.offset), true);
  const out = new Uint8Array(v.buffer);
  out.set(e.name, 46);
  if (extra) {
    const x = 46 + e.name.length;
    v.setUint16(x, 1, true); // Zip64 extended information
    v.setUint16(x + 2, extra - 4, true);
    if (bigSize) {
      v.setBigUint64(x + 4, BigInt(e.size), true);
      v.setBigUint64(x + 12, BigInt(e.size), true);
    }
    v.setBigUint64(x + extra - 8, BigInt(e.offset), true);
  }
  return out;
}

function endRecords(count: number, dirSize: number, dirOffset: number, zip64: boolean): Uint8Array {
  const v = new DataView(new ArrayBuffer((zip64 ? 76 : 0) + 22));
  let at = 0;
  if (zip64) {
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, 0x0300 | VERSION, true);
    v.setUint16(14, VERSION, true);
    v.setBigUint64(24, BigInt(count), true);
    v.setBigUint64(32, BigInt(count), true);
    v.setBigUint64(40, BigInt(dirSize), true);
    v.setBigUint64(48, BigInt(dirOffset), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(dirOffset + dirSize), true);
    v.setUint32(72, 1, true);
    at = 76;
  }
  v.setUint32(at, 0x06054b50, true);
  v.setUint16(at + 8, Math.min(0xffff, count), true);
  v.setUint16(at + 10, Math.min(0xffff, count), true);
  v.setUint32(at + 12, Math.min(MAX32, dirSize), true);
  v.setUint32(at + 16, Math.min(MAX32, dirOffset), true);
  return new Uint8Array(v.buffer);
}

/** Output pieces under SMALL bytes are packed into PACK-byte chunks. */
const SMALL = 64 * 1024;
const PACK = 1024 * 1024;

/**
 * Packs small pieces (headers, one post's JSON) into 1 MiB chunks: a 10k-post backup is ~30k
 * such pieces, and each costs stream, promise and Blob bookkeeping worth more than its copy.
 */
class Packer {
  private buf = new Uint8Array(PACK);
  private used = 0;

  *add(bytes: Uint8Array): Generator<Uint8Array> {
    if (bytes.length >= SMALL) {
      yield* this.flush();
      yield bytes;
      return;
    }
    if (this.used + bytes.length > PACK) yield* this.flush();
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }

  *flush(): Generator<Uint8Array> {
    if (!this.used) return;
    // A fresh buffer each time: the reader may still hold the last one.
    yield this.buf.subarray(0, this.used);
    this.buf = new Uint8Array(PACK);
    this.used = 0;
  }
}

async function* zipChunks(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions): AsyncGenerator<Uint8Array> {
  const progress: ZipProgress = { entries: 0, bytes: 0 };
  const mtime = fixedMtime();
  const written: Written[] = [];
  let offset = 0;
  let zip64 = false;
  const out = new Packer();
  for await (const entry of entries) {
    options.signal?.throwIfAborted();
    const e: Written = { name: nameBytes(entry.name), crc: 0, size: 0, offset };
    yield* out.add(localHeader(e.name, mtime));
    const chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> = typeof entry.data === 'string' || entry.data instanceof Uint8Array ? [entry.data] : entry.data;
    for await (const chunk of chunks) {
      options.signal?.throwIfAborted();
      const bytes = asBytes(chunk);
      e.crc = crc32(bytes, e.crc);
      e.size += bytes.length;
      progress.bytes += bytes.length;
      yield* out.add(bytes);
    }
    yield* out.add(dataDescriptor(e));
    written.push(e);
    offset += 46 + e.name.length + e.size + (e.size >= MAX32 ? 8 : 0);
    zip64 ||= e.size >= MAX32;
    progress.entries += 1;
    options.onProgress?.({ ...progress });
  }
  let dirSize = 0;
  for (const e of written) {
    const record = centralRecord(e, mtime);
    dirSize += record.length;
    yield* out.add(record);
  }
  yield* out.add(endRecords(written.length, dirSize, offset, zip64 || offset >= MAX32));
  yield* out.flush();
}

/** A ZIP as a byte stream; it errors with the signal's reason when aborted. */
export function zipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>, options: ZipOptions = {}): ReadableStream<Uint8Array> {
  const chunks = zipChunks(entries, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason: unknown) {
      await chunks.throw(reason).catch(() => undefined);
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
