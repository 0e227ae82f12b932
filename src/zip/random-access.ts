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
