/**
 * What the ZIP reader reads from: a size and positioned reads. In the page it is the picked File
 * (Blob.slice reads only the asked range, so an import never holds the whole file in memory); in
 * tests it is bytes at hand or a synthetic source whose bytes are computed, never stored.
 */
export interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export const bytesSource = (bytes: Uint8Array): RandomAccess => ({
  size: bytes.length,
  read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
});

export const blobSource = (blob: Blob): RandomAccess => ({
  size: blob.size,
  read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
});

/**
 * Serves small reads from one window of `size` bytes read at once. The reader asks for each entry's
 * local header, its name and its data: three reads per entry, and each read of a picked File is a
 * round trip to the browser process. Entries are read in about the order they lie in the file, so
 * one window holds the next many (a backup's posts are ~30 KB each). Reads of `size` or more go
 * straight to the source. The size is measured, not guessed: importing the bench's backup (10k posts,
 * 2k images of 100 KiB) in Chromium, the image phase took 20 s with 4 MiB windows, 9.5 s with 1 MiB,
 * 7.2 s with 512 KiB and 5.7-5.9 s with 256 or 128 KiB (a picked File's slice costs more the larger
 * it is, more than the extra calls of a small window cost).
 */
export function windowedSource(src: RandomAccess, size = 256 * 1024): RandomAccess {
  let start = 0;
  let window: Uint8Array = new Uint8Array(0);
  return {
    size: src.size,
    read: async (offset, length) => {
      if (length >= size) return src.read(offset, length);
      if (offset < start || offset + length > start + window.length) {
        start = offset;
        window = await src.read(offset, Math.min(size, src.size - offset));
      }
      return window.subarray(offset - start, offset - start + length);
    },
  };
}
