/**
 * Safe ZIP reading for imports (docs/threats.md §4.2). All-or-nothing: either every
 * entry is returned, verified (CRC-32 and size), or a coded error. Limits are enforced on
 * bytes actually inflated, never only on the sizes the archive declares.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { readDirectory, type DirEntry, type RandomAccess } from './zip-directory';
import { entryNameProblem, foldedName } from './zip-names';
import { fail, ok, type Result } from './result';

export { blobSource, bytesSource, type RandomAccess } from './zip-directory';

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Inflated/compressed; deflate tops out near 1032:1, real backups are far below 100:1. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

const LOCAL = 0x04034b50;
const CHUNK = 64 * 1024;
const RATIO_FLOOR = 1024 * 1024; // tiny entries may compress absurdly well; ignore ratio below 1 MiB

class Stop extends Error {}

function checkEntries(entries: DirEntry[], limits: ZipLimits): Result<null> {
  const seen = new Set<string>();
  let declared = 0;
  for (const e of entries) {
    const problem = entryNameProblem(e.name);
    if (problem) return fail('zip_bad_entry_name', `${JSON.stringify(e.name)}: ${problem}`);
    if (e.isSymlink) return fail('zip_bad_entry_name', `${JSON.stringify(e.name)}: symlink`);
    if (seen.has(foldedName(e.name))) return fail('zip_duplicate_entry', e.name);
    seen.add(foldedName(e.name));
    if (e.flags & 0x41) return fail('zip_unsupported', `${e.name}: encrypted`);
    if (e.method !== 0 && e.method !== 8) return fail('zip_unsupported', `${e.name}: method ${e.method}`);
    if (e.size > limits.maxEntryBytes) return fail('zip_too_large', e.name);
    declared += e.size;
    if (declared > limits.maxTotalBytes) return fail('zip_too_large', 'total');
  }
  return ok(null);
}

/**
 * For each entry, where the next entry (or the directory) begins: an entry's data must end
 * before it. This rules out overlapping entries, the trick behind non-recursive zip bombs.
 */
function rangeEnds(entries: DirEntry[], cdOffset: number): Map<DirEntry, number> | null {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const ends = new Map<DirEntry, number>();
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1]?.localOffset ?? cdOffset;
    if (next === sorted[i]!.localOffset) return null;
    ends.set(sorted[i]!, next);
  }
  return ends;
}

/** Where the entry's data starts, after checking its local header agrees with the directory. */
async function dataOffset(src: RandomAccess, e: DirEntry, end: number): Promise<number | null> {
  const head = await src.read(e.localOffset, 30);
  if (head.length < 30) return null;
  const view = new DataView(head.buffer, head.byteOffset, 30);
  if (view.getUint32(0, true) !== LOCAL) return null;
  const nameLength = view.getUint16(26, true);
  const start = e.localOffset + 30 + nameLength + view.getUint16(28, true);
  const name = await src.read(e.localOffset + 30, nameLength);
  const same = name.length === e.nameBytes.length && name.every((b, i) => b === e.nameBytes[i]);
  return same && start + e.compressedSize <= end ? start : null;
}

/** Inflates while counting; stops as soon as output exceeds what the directory declared. */
async function inflateCounted(src: RandomAccess, start: number, e: DirEntry, budget: number): Promise<Uint8Array | 'too_large'> {
  const out = new Uint8Array(e.size);
  let written = 0;
  const inflate = new Inflate((chunk) => {
    if (written + chunk.length > e.size || written + chunk.length > budget) throw new Stop();
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = 0; at < e.compressedSize; at += CHUNK) {
      const n = Math.min(CHUNK, e.compressedSize - at);
      inflate.push(await src.read(start + at, n), at + n >= e.compressedSize);
    }
  } catch (err) {
    if (err instanceof Stop) return 'too_large';
    throw err;
  }
  return written === e.size ? out : out.subarray(0, written);
}

async function readEntry(src: RandomAccess, e: DirEntry, end: number, budget: number): Promise<Result<Uint8Array>> {
  const start = await dataOffset(src, e, end);
  if (start === null) return fail('zip_corrupt', `${e.name}: local header`);
  let bytes: Uint8Array | 'too_large';
  try {
    bytes = e.method === 0 ? await src.read(start, e.compressedSize) : await inflateCounted(src, start, e, budget);
  } catch (err) {
    return fail('zip_corrupt', `${e.name}: ${err instanceof Error ? err.message : 'inflate'}`);
  }
  if (bytes === 'too_large') return fail('zip_too_large', e.name);
  if (bytes.length !== e.size || crc32(bytes) !== e.crc) return fail('zip_corrupt', `${e.name}: size or CRC mismatch`);
  return ok(bytes);
}

/** Reads every entry of a ZIP into memory, or returns why not. */
export async function readZip(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS, signal?: AbortSignal): Promise<Result<Map<string, Uint8Array>>> {
  const dir = await readDirectory(src, limits.maxEntries);
  if (!dir.ok) return fail(dir.code, dir.detail);
  const checked = checkEntries(dir.entries, limits);
  if (!checked.ok) return checked;
  const ends = rangeEnds(dir.entries, dir.cdOffset);
  if (!ends) return fail('zip_corrupt', 'entries share data');
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let compressed = 0;
  for (const e of dir.entries) {
    if (signal?.aborted) return fail('aborted');
    if (e.size > RATIO_FLOOR && e.size / Math.max(1, e.compressedSize) > limits.maxRatio) return fail('zip_ratio', e.name);
    const read = await readEntry(src, e, ends.get(e) ?? dir.cdOffset, limits.maxTotalBytes - total);
    if (!read.ok) return read;
    total += read.value.length;
    compressed += e.compressedSize;
    if (total > RATIO_FLOOR && total / Math.max(1, compressed) > limits.maxRatio) return fail('zip_ratio', 'total');
    files.set(e.name, read.value);
  }
  return ok(files);
}
