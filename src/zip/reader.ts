/**
 * Safe ZIP reading for imports (docs/threats.md, import rules). `openZip` checks the whole
 * directory first (names, duplicates, methods, overlapping ranges, declared sizes); entries are
 * then read one at a time, whole (`read`) or as chunks (`chunks`), each verified against its
 * CRC-32 and size. Nothing is held but the directory and the entry being read, so memory does not
 * grow with the archive.
 *
 * Bomb checks count bytes actually inflated, never only the sizes the archive declares: an
 * entry stops as soon as it inflates past its declared size, and the ratio of inflated to
 * compressed bytes is checked per entry and over the whole archive. There is no fixed cap on
 * the total: a real backup of many GiB of images is stored, not deflated, so its ratio is ~1.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { readDirectory, type DirEntry } from './directory';
import { entryNameProblem, foldedName } from './names';
import type { RandomAccess } from './random-access';
import { zipFail, zipOk, ZipReadError, type ZipResult } from './zip-result';

export { bytesSource, type RandomAccess } from './random-access';
export type { DirEntry } from './directory';

export interface ZipLimits {
  maxEntries: number;
  /** An entry read whole (`read`) is held in memory: no bigger than this. Streamed reads are not capped. */
  maxEntryBytes: number;
  /** Inflated/compressed; deflate tops out near 1032:1, real backups are far below 100:1. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  // A v2 backup is one entry per post and per image: 100k posts and 1M images at most (backup schema).
  maxEntries: 1_200_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxRatio: 200,
};

const LOCAL = 0x04034b50;
const CHUNK = 1024 * 1024;
const RATIO_FLOOR = 1024 * 1024; // tiny entries may compress absurdly well; ignore ratio below 1 MiB
const encoder = new TextEncoder();

class Stop extends Error {}

function checkEntries(entries: readonly DirEntry[]): ZipResult<null> {
  const seen = new Set<string>();
  for (const e of entries) {
    const problem = entryNameProblem(e.name);
    if (problem) return zipFail('zip_bad_entry_name', `${JSON.stringify(e.name)}: ${problem}`);
    if (e.isSymlink) return zipFail('zip_bad_entry_name', `${JSON.stringify(e.name)}: symlink`);
    const folded = foldedName(e.name);
    if (seen.has(folded)) return zipFail('zip_duplicate_entry', e.name);
    seen.add(folded);
    if (e.flags & 0x41) return zipFail('zip_unsupported', `${e.name}: encrypted`);
    if (e.method !== 0 && e.method !== 8) return zipFail('zip_unsupported', `${e.name}: method ${e.method}`);
    if (e.method === 0 && e.size !== e.compressedSize) return zipFail('zip_corrupt', `${e.name}: stored sizes differ`);
  }
  return zipOk(null);
}

/**
 * For each entry, where the next entry (or the directory) begins: an entry's data must end
 * before it. This rules out overlapping entries, the trick behind non-recursive zip bombs.
 */
function rangeEnds(entries: readonly DirEntry[], cdOffset: number): Map<DirEntry, number> | null {
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const ends = new Map<DirEntry, number>();
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1]?.localOffset ?? cdOffset;
    if (next === sorted[i]!.localOffset) return null;
    ends.set(sorted[i]!, next);
  }
  return ends;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface ReadOptions {
  /**
   * Skip the CRC-32: only for a caller that checks a stronger hash of the same bytes itself (a v2
   * backup's SHA-256 of every entry). Sizes and bomb checks still apply.
   */
  skipCrc?: boolean;
}

export interface ZipArchive {
  /** In directory order. */
  readonly entries: readonly DirEntry[];
  get(name: string): DirEntry | undefined;
  /** The entry's bytes, whole and verified (no bigger than maxEntryBytes). */
  read(entry: DirEntry, signal?: AbortSignal, options?: ReadOptions): Promise<ZipResult<Uint8Array>>;
  /** The entry's bytes as chunks; throws ZipReadError, after the last chunk when the CRC is wrong. */
  chunks(entry: DirEntry, signal?: AbortSignal, options?: ReadOptions): AsyncGenerator<Uint8Array>;
}

class Archive implements ZipArchive {
  private readonly byName: Map<string, DirEntry>;
  /** Totals over the entries read so far, for the archive-wide ratio check. */
  private inflated = 0;
  private compressed = 0;

  constructor(
    private readonly src: RandomAccess,
    readonly entries: readonly DirEntry[],
    private readonly ends: ReadonlyMap<DirEntry, number>,
    private readonly limits: ZipLimits,
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  get(name: string): DirEntry | undefined {
    return this.byName.get(name);
  }

  /** Where the entry's data starts, after checking its local header agrees with the directory. */
  private async dataOffset(e: DirEntry): Promise<number> {
    const head = await this.src.read(e.localOffset, 30);
    if (head.length < 30) throw new ZipReadError('zip_corrupt', `${e.name}: local header`);
    const view = new DataView(head.buffer, head.byteOffset, 30);
    if (view.getUint32(0, true) !== LOCAL) throw new ZipReadError('zip_corrupt', `${e.name}: local header`);
    const nameLength = view.getUint16(26, true);
    const start = e.localOffset + 30 + nameLength + view.getUint16(28, true);
    const name = await this.src.read(e.localOffset + 30, nameLength);
    if (!sameBytes(name, encoder.encode(e.name)) || start + e.compressedSize > (this.ends.get(e) ?? 0)) {
      throw new ZipReadError('zip_corrupt', `${e.name}: local header`);
    }
    return start;
  }

  /** Raw (compressed) bytes of the entry, CHUNK at a time. */
  private async *raw(e: DirEntry, start: number, signal: AbortSignal | undefined): AsyncGenerator<{ bytes: Uint8Array; last: boolean }> {
    if (e.compressedSize === 0) yield { bytes: new Uint8Array(0), last: true };
    for (let at = 0; at < e.compressedSize; at += CHUNK) {
      if (signal?.aborted) throw new ZipReadError('aborted', e.name);
      const n = Math.min(CHUNK, e.compressedSize - at);
      const bytes = await this.src.read(start + at, n);
      if (bytes.length !== n) throw new ZipReadError('zip_corrupt', `${e.name}: cut short`);
      yield { bytes, last: at + n >= e.compressedSize };
    }
  }

  async *chunks(e: DirEntry, signal?: AbortSignal, { skipCrc = false }: ReadOptions = {}): AsyncGenerator<Uint8Array> {
    if (this.ends.get(e) === undefined) throw new ZipReadError('zip_corrupt', `${e.name}: not in this archive`);
    if (e.size > RATIO_FLOOR && e.size / Math.max(1, e.compressedSize) > this.limits.maxRatio) throw new ZipReadError('zip_ratio', e.name);
    const start = await this.dataOffset(e);
    let crc = 0;
    let written = 0;
    const take = (chunk: Uint8Array): void => {
      if (written + chunk.length > e.size) throw new Stop();
      if (!skipCrc) crc = crc32(chunk, crc);
      written += chunk.length;
    };
    try {
      if (e.method === 0) {
        for await (const { bytes } of this.raw(e, start, signal)) {
          take(bytes);
          if (bytes.length) yield bytes;
        }
      } else {
        let out: Uint8Array[] = [];
        const inflate = new Inflate((chunk) => {
          take(chunk);
          out.push(chunk);
        });
        for await (const { bytes, last } of this.raw(e, start, signal)) {
          inflate.push(bytes, last);
          const ready = out;
          out = [];
          yield* ready;
        }
      }
    } catch (err) {
      if (err instanceof Stop) throw new ZipReadError('zip_too_large', e.name);
      if (err instanceof ZipReadError) throw err;
      throw new ZipReadError('zip_corrupt', `${e.name}: ${err instanceof Error ? err.message : 'inflate'}`);
    }
    if (written !== e.size || (!skipCrc && crc !== e.crc)) throw new ZipReadError('zip_corrupt', `${e.name}: size or CRC mismatch`);
    this.inflated += written;
    this.compressed += e.compressedSize;
    if (this.inflated > RATIO_FLOOR && this.inflated / Math.max(1, this.compressed) > this.limits.maxRatio) throw new ZipReadError('zip_ratio', 'total');
  }

  async read(e: DirEntry, signal?: AbortSignal, options?: ReadOptions): Promise<ZipResult<Uint8Array>> {
    if (e.size > this.limits.maxEntryBytes) return zipFail('zip_too_large', e.name);
    const out = new Uint8Array(e.size);
    let at = 0;
    try {
      for await (const chunk of this.chunks(e, signal, options)) {
        out.set(chunk, at);
        at += chunk.length;
      }
    } catch (err) {
      if (err instanceof ZipReadError) return zipFail(err.code, err.detail);
      throw err;
    }
    return zipOk(out);
  }
}

/** Reads and checks the directory; entries are read later, one at a time. */
export async function openZip(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipResult<ZipArchive>> {
  const dir = await readDirectory(src, limits.maxEntries);
  if (!dir.ok) return dir;
  const checked = checkEntries(dir.value.entries);
  if (!checked.ok) return checked;
  const ends = rangeEnds(dir.value.entries, dir.value.cdOffset);
  if (!ends) return zipFail('zip_corrupt', 'entries share data');
  return zipOk(new Archive(src, dir.value.entries, ends, limits));
}

/** Reads every entry into memory, or returns why not: for small archives only (a v1 backup's JSON, tests). */
export async function readZip(src: RandomAccess, limits: ZipLimits = DEFAULT_ZIP_LIMITS, signal?: AbortSignal): Promise<ZipResult<Map<string, Uint8Array>>> {
  const zip = await openZip(src, limits);
  if (!zip.ok) return zip;
  for (const e of zip.value.entries) if (e.size > limits.maxEntryBytes) return zipFail('zip_too_large', e.name);
  const files = new Map<string, Uint8Array>();
  for (const e of zip.value.entries) {
    if (signal?.aborted) return zipFail('aborted');
    const read = await zip.value.read(e, signal);
    if (!read.ok) return read;
    files.set(e.name, read.value);
  }
  return zipOk(files);
}
