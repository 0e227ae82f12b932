/**
 * ZIPs of many GiB that are never stored: the shipped writer (src/zip/writer.ts) runs over data
 * that views a few shared buffers (one block repeated, or windows of one big pattern), and the
 * archive is kept as segments — the writer's own small chunks (headers, descriptors, directory)
 * copied, and each data chunk as a reference into its buffer. `read(offset, length)` computes
 * the bytes from the segments, so a reader sees a real archive.
 */
import { zipStream, type ZipEntry } from '../../src/zip/writer';
import type { RandomAccess } from '../../src/zip/random-access';

export interface PatternEntry {
  name: string;
  /** Repeated to `size` bytes. */
  block: Uint8Array;
  size: number;
}

interface Segment {
  start: number;
  bytes: Uint8Array;
}

/** Pseudo-random bytes from `seed`, so each entry's data differs and a misplaced read shows. */
export function patternBlock(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

async function* repeated(block: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < size; at += block.length) yield at + block.length <= size ? block : block.subarray(0, size - at);
}

/** The byte at `offset` of a pattern entry's data. */
export const patternAt = (entry: PatternEntry, offset: number): number => entry.block[offset % entry.block.length]!;

export async function syntheticZip(entries: readonly PatternEntry[]): Promise<RandomAccess & { segments: number }> {
  const blocks = new Set<ArrayBufferLike>(entries.map((e) => e.block.buffer));
  return segmentedSource(zipStream(entries.map((e): ZipEntry => ({ name: e.name, data: repeated(e.block, e.size) }))), blocks);
}

/**
 * Keeps a ZIP stream as segments: chunks that view one of the `shared` buffers are referenced,
 * never copied (the writer hands big pieces on as they are); the rest (headers, directory, small
 * entries packed together) is copied, since the writer may reuse its buffers.
 */
export async function segmentedSource(stream: ReadableStream<Uint8Array>, shared: ReadonlySet<ArrayBufferLike>): Promise<RandomAccess & { segments: number }> {
  const segments: Segment[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    segments.push({ start: size, bytes: shared.has(value.buffer) ? value : value.slice() });
    size += value.length;
  }
  const find = (offset: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segments[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    size,
    segments: segments.length,
    read: (offset, length) => {
      const end = Math.min(size, offset + length);
      if (offset >= end) return Promise.resolve(new Uint8Array(0));
      let i = find(offset);
      const first = segments[i]!;
      if (end <= first.start + first.bytes.length) return Promise.resolve(first.bytes.subarray(offset - first.start, end - first.start));
      const out = new Uint8Array(end - offset);
      for (let at = offset; at < end; i++) {
        const s = segments[i]!;
        const piece = s.bytes.subarray(at - s.start, Math.min(s.bytes.length, end - s.start));
        out.set(piece, at - offset);
        at += piece.length;
      }
      return Promise.resolve(out);
    },
  };
}
