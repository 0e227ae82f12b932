/**
 * Parses a ZIP's end records and central directory, Zip64 included (entry counts past 65,535,
 * sizes and offsets past 4 GiB). We trust the central directory, not the local headers:
 * streaming parsers must guess where a stored entry with a data descriptor ends, and fflate's
 * streaming `Unzip` cuts such an entry at the first `PK\x07\x08` in its bytes (measured: a
 * 1000-byte image came back as 300 bytes) — and our writer writes exactly such entries. Sizes here
 * are still attacker-controlled; reader.ts counts the bytes it really inflates.
 *
 * The directory is read in windows (WINDOW bytes), never as one read of its whole size.
 */
import type { RandomAccess } from './random-access';
import { zipFail, zipOk, type ZipResult } from './zip-result';

export interface DirEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isSymlink: boolean;
}

export interface Directory {
  entries: DirEntry[];
  cdOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CDH = 0x02014b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const WINDOW = 1024 * 1024;
// ignoreBOM: a name's bytes must come back unchanged when encoded again (reader.ts compares them).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A 64-bit field as a number; a value past 2^53 cannot be a real offset or size. */
function u64(view: DataView, at: number): number | null {
  const n = view.getBigUint64(at, true);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(n);
}

interface End {
  count: number;
  cdSize: number;
  cdOffset: number;
  /** Where the end records start: the directory must end before. */
  at: number;
  /** No Zip64 record, and the 16-bit count is saturated: the true count is what the directory holds. */
  countUnknown: boolean;
}

async function findEnd(src: RandomAccess): Promise<{ view: DataView; at: number; base: number } | null> {
  const tailLength = Math.min(src.size, 22 + MAX16);
  const base = src.size - tailLength;
  const tail = await src.read(base, tailLength);
  const view = viewOf(tail);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === tail.length) return { view, at, base };
  }
  return null;
}

async function readZip64End(src: RandomAccess, eocdAt: number): Promise<ZipResult<End> | null> {
  if (eocdAt < 20) return null;
  const locator = viewOf(await src.read(eocdAt - 20, 20));
  if (locator.byteLength < 20 || locator.getUint32(0, true) !== ZIP64_LOCATOR) return null;
  const recordAt = u64(locator, 8);
  if (recordAt === null || recordAt + 56 > eocdAt - 20) return zipFail('zip_corrupt', 'zip64 end record out of range');
  if (locator.getUint32(16, true) !== 1) return zipFail('zip_unsupported', 'multi-disk');
  const record = viewOf(await src.read(recordAt, 56));
  if (record.byteLength < 56 || record.getUint32(0, true) !== ZIP64_EOCD) return zipFail('zip_corrupt', 'zip64 end record');
  const count = u64(record, 24);
  const cdSize = u64(record, 40);
  const cdOffset = u64(record, 48);
  if (count === null || cdSize === null || cdOffset === null || u64(record, 32) !== count) return zipFail('zip_corrupt', 'zip64 end record');
  if (record.getUint32(16, true) !== 0 || record.getUint32(20, true) !== 0) return zipFail('zip_unsupported', 'multi-disk');
  return zipOk({ count, cdSize, cdOffset, at: recordAt, countUnknown: false });
}

async function readEnd(src: RandomAccess): Promise<ZipResult<End>> {
  if (src.size < 22) return zipFail('zip_not_a_zip', 'too small');
  const end = await findEnd(src);
  if (!end) return zipFail('zip_not_a_zip', 'no end record');
  const { view, at } = end;
  const eocdAt = end.base + at;
  const count = view.getUint16(at + 10, true);
  const cdSize = view.getUint32(at + 12, true);
  const cdOffset = view.getUint32(at + 16, true);
  if (view.getUint16(at + 4, true) !== 0 || view.getUint16(at + 8, true) !== count) return zipFail('zip_unsupported', 'multi-disk');
  const zip64 = await readZip64End(src, eocdAt);
  if (zip64) return zip64;
  if (cdSize === MAX32 || cdOffset === MAX32) return zipFail('zip_corrupt', 'zip64 fields without a zip64 end record');
  // client-zip (and our writer before Zip64 counts) wrote 0xffff and no Zip64 record for 65,535+ entries.
  return zipOk({ count, cdSize, cdOffset, at: eocdAt, countUnknown: count === MAX16 });
}

/** Fills the fields the 32-bit header saturated from the Zip64 extra field, in the order APPNOTE 4.5.3 gives. */
function applyZip64Extra(view: DataView, from: number, to: number, entry: DirEntry): string | null {
  const needs: ('size' | 'compressedSize' | 'localOffset')[] = [];
  if (entry.size === MAX32) needs.push('size');
  if (entry.compressedSize === MAX32) needs.push('compressedSize');
  if (entry.localOffset === MAX32) needs.push('localOffset');
  if (!needs.length) return null;
  for (let at = from; at + 4 <= to; ) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (at + 4 + length > to) return 'extra field overflows';
    if (id === 1) {
      if (length < needs.length * 8) return 'zip64 extra field too short';
      for (let i = 0; i < needs.length; i++) {
        const value = u64(view, at + 4 + i * 8);
        if (value === null) return 'zip64 value out of range';
        entry[needs[i]!] = value;
      }
      return null;
    }
    at += 4 + length;
  }
  return 'zip64 extra field missing';
}

type Parsed = { entry: DirEntry; next: number } | { problem: string; code: 'zip_corrupt' | 'zip_bad_entry_name' } | 'partial';

function parseEntry(view: DataView, bytes: Uint8Array, at: number): Parsed {
  if (at + 46 > bytes.length) return 'partial';
  if (view.getUint32(at, true) !== CDH) return { problem: 'bad central header', code: 'zip_corrupt' };
  const nameLength = view.getUint16(at + 28, true);
  const extraStart = at + 46 + nameLength;
  const extraEnd = extraStart + view.getUint16(at + 30, true);
  const next = extraEnd + view.getUint16(at + 32, true);
  if (next > bytes.length) return 'partial';
  let name: string;
  try {
    name = utf8.decode(bytes.subarray(at + 46, extraStart));
  } catch {
    return { problem: 'name is not UTF-8', code: 'zip_bad_entry_name' };
  }
  const unixMode = view.getUint32(at + 38, true) >>> 16;
  const entry: DirEntry = {
    name,
    flags: view.getUint16(at + 8, true),
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    localOffset: view.getUint32(at + 42, true),
    isSymlink: (unixMode & 0o170000) === 0o120000,
  };
  const problem = applyZip64Extra(view, extraStart, extraEnd, entry);
  return problem ? { problem, code: 'zip_corrupt' } : { entry, next };
}

/** Every entry of the directory, read window by window. */
async function readEntries(src: RandomAccess, start: number, size: number, maxEntries: number): Promise<ZipResult<DirEntry[]>> {
  const entries: DirEntry[] = [];
  let pos = start;
  const end = start + size;
  while (pos < end) {
    const window = await src.read(pos, Math.min(WINDOW, end - pos));
    const view = viewOf(window);
    let at = 0;
    for (;;) {
      const parsed = parseEntry(view, window, at);
      if (parsed === 'partial') break;
      if ('problem' in parsed) return zipFail(parsed.code, parsed.problem);
      entries.push(parsed.entry);
      if (entries.length > maxEntries) return zipFail('zip_too_many_entries', `more than ${maxEntries}`);
      at = parsed.next;
    }
    // No whole record fit in a window bigger than any record can be: the directory is cut short.
    if (at === 0) return zipFail('zip_corrupt', 'central header overflows');
    pos += at;
  }
  return zipOk(entries);
}

export async function readDirectory(src: RandomAccess, maxEntries: number): Promise<ZipResult<Directory>> {
  const end = await readEnd(src);
  if (!end.ok) return end;
  const { count, cdSize, cdOffset, at, countUnknown } = end.value;
  if (!countUnknown && count > maxEntries) return zipFail('zip_too_many_entries', String(count));
  if (cdOffset + cdSize > at) return zipFail('zip_corrupt', 'central directory out of range');
  const entries = await readEntries(src, cdOffset, cdSize, maxEntries);
  if (!entries.ok) return entries;
  const n = entries.value.length;
  const agrees = countUnknown ? n >= MAX16 : n === count;
  if (!agrees) return zipFail('zip_corrupt', `directory holds ${n} entries, the end record says ${count}`);
  return zipOk({ entries: entries.value, cdOffset });
}
