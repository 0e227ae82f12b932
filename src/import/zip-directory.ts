/**
 * Parses a ZIP's end record and central directory. We trust the central directory, not the
 * local headers: streaming parsers must guess where a stored entry with a data descriptor
 * ends, and fflate's streaming `Unzip` cuts such an entry at the first `PK\x07\x08` in its
 * bytes (measured: a 1000-byte image came back as 300 bytes) — and client-zip writes exactly
 * such entries. Sizes here are still attacker-controlled; zip.ts counts real output bytes.
 */
export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface DirEntry {
  name: string;
  nameBytes: Uint8Array;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isSymlink: boolean;
}

export type DirResult = { ok: true; entries: DirEntry[]; cdOffset: number } | { ok: false; code: 'zip_not_a_zip' | 'zip_unsupported' | 'zip_too_many_entries' | 'zip_corrupt' | 'zip_bad_entry_name'; detail: string };

const EOCD = 0x06054b50;
const CDH = 0x02014b50;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const bytesSource = (bytes: Uint8Array): RandomAccess => ({
  size: bytes.length,
  read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
});

export const blobSource = (blob: Blob): RandomAccess => ({
  size: blob.size,
  read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
});

async function findEnd(src: RandomAccess): Promise<{ view: DataView; at: number; base: number } | null> {
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const base = src.size - tailLength;
  const tail = await src.read(base, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === tail.length) return { view, at, base };
  }
  return null;
}

function parseEntry(view: DataView, bytes: Uint8Array, at: number): { entry: DirEntry; next: number } | string {
  if (at + 46 > bytes.length || view.getUint32(at, true) !== CDH) return 'bad central header';
  const nameLength = view.getUint16(at + 28, true);
  const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  if (next > bytes.length) return 'central header overflows';
  const nameBytes = bytes.slice(at + 46, at + 46 + nameLength);
  let name: string;
  try {
    name = utf8.decode(nameBytes);
  } catch {
    return 'name is not UTF-8';
  }
  const unixMode = view.getUint32(at + 38, true) >>> 16;
  const entry: DirEntry = {
    name,
    nameBytes,
    flags: view.getUint16(at + 8, true),
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    localOffset: view.getUint32(at + 42, true),
    isSymlink: (unixMode & 0o170000) === 0o120000,
  };
  return { entry, next };
}

export async function readDirectory(src: RandomAccess, maxEntries: number): Promise<DirResult> {
  if (src.size < 22) return { ok: false, code: 'zip_not_a_zip', detail: 'too small' };
  const end = await findEnd(src);
  if (!end) return { ok: false, code: 'zip_not_a_zip', detail: 'no end record' };
  const { view, at } = end;
  const count = view.getUint16(at + 10, true);
  const cdSize = view.getUint32(at + 12, true);
  const cdOffset = view.getUint32(at + 16, true);
  if (view.getUint16(at + 4, true) !== 0 || view.getUint16(at + 8, true) !== count) return { ok: false, code: 'zip_unsupported', detail: 'multi-disk' };
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { ok: false, code: 'zip_unsupported', detail: 'zip64' };
  if (count > maxEntries) return { ok: false, code: 'zip_too_many_entries', detail: String(count) };
  if (cdOffset + cdSize > end.base + at) return { ok: false, code: 'zip_corrupt', detail: 'central directory out of range' };
  const cd = await src.read(cdOffset, cdSize);
  const cdView = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const entries: DirEntry[] = [];
  for (let pos = 0, i = 0; i < count; i++) {
    const parsed = parseEntry(cdView, cd, pos);
    if (typeof parsed === 'string') return { ok: false, code: parsed.includes('UTF-8') ? 'zip_bad_entry_name' : 'zip_corrupt', detail: parsed };
    entries.push(parsed.entry);
    pos = parsed.next;
  }
  return { ok: true, entries, cdOffset };
}
