/**
 * Packs the ZIP's small pieces (headers, descriptors, one post's JSON or Markdown) into 1 MiB
 * chunks: a 10k-post backup is ~30k such pieces, and each costs stream, promise and Blob
 * bookkeeping worth more than its copy (issue #6). Text is UTF-8-encoded straight into the
 * chunk (TextEncoder.encodeInto), so a post's text never becomes an array of its own.
 */

/** Byte pieces at least this big are handed on as they are instead of copied. */
const SMALL = 64 * 1024;
const PACK = 1024 * 1024;

const encoder = new TextEncoder();

export class Packer {
  private buf: Uint8Array | null = null;
  private used = 0;

  private room(): Uint8Array {
    this.buf ??= new Uint8Array(PACK);
    return this.buf.subarray(this.used);
  }

  /** Copies small `bytes` in, or hands big ones on after what is packed. */
  *bytes(bytes: Uint8Array): Generator<Uint8Array> {
    if (bytes.length >= SMALL) {
      yield* this.flush();
      yield bytes;
      return;
    }
    if (this.used + bytes.length > PACK) yield* this.flush();
    this.room().set(bytes);
    this.used += bytes.length;
  }

  /**
   * Encodes `text` as UTF-8 into the chunk, across chunks if it does not fit; `seen` gets each
   * encoded span (for the entry's CRC and size). Same bytes as TextEncoder.encode: encodeInto
   * never splits a code point, and a lone surrogate becomes U+FFFD in both.
   */
  *text(text: string, seen: (bytes: Uint8Array) => void): Generator<Uint8Array> {
    let rest = text;
    for (;;) {
      const room = this.room();
      const { read, written } = encoder.encodeInto(rest, room);
      this.used += written;
      seen(room.subarray(0, written));
      if (read === rest.length) return;
      rest = rest.slice(read); // a V8 sliced string: no copy
      yield* this.flush();
    }
  }

  *flush(): Generator<Uint8Array> {
    if (!this.buf || !this.used) return;
    if (this.used < SMALL) {
      // A few headers before an image: copying them out is far cheaper than a fresh 1 MiB buffer.
      yield this.buf.slice(0, this.used);
    } else {
      // The reader may still hold this chunk, so the next one gets a new buffer.
      yield this.buf.subarray(0, this.used);
      this.buf = null;
    }
    this.used = 0;
  }
}
