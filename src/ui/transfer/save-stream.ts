/**
 * Where a streamed ZIP goes. With the File System Access API it is written to disk part by part,
 * so memory stays flat whatever the size; otherwise it becomes a Blob for an `<a download>`, made
 * of Blobs of a few MB so the chunks leave the JS heap for the browser's blob store instead of
 * piling up as one giant array (docs/performance-notes.md §6: 407 MB for 10k posts + 2k images).
 */
const FOLD_BYTES = 8 * 1024 * 1024;

/** The chunks `read` gives, gathered into Blobs of at least `size` bytes (the last one may be smaller). */
async function* gathered(read: () => Promise<ReadableStreamReadResult<Uint8Array>>, size: number): AsyncGenerator<Blob> {
  let parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await read();
    if (done) break;
    parts.push(value as Uint8Array<ArrayBuffer>);
    bytes += value.length;
    if (bytes >= size) {
      yield new Blob(parts);
      parts = [];
      bytes = 0;
    }
  }
  if (parts.length) yield new Blob(parts);
}

export interface SavePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<FileSystemFileHandle>;
  showDirectoryPicker?: (options?: { mode?: 'read' | 'readwrite'; id?: string }) => Promise<FileSystemDirectoryHandle>;
}

export const pickerWindow = (): SavePickerWindow => window as unknown as SavePickerWindow;

/** Must run in the click's user activation, before any await on other work. */
export async function pickSaveFile(name: string): Promise<FileSystemFileHandle | null> {
  const pick = pickerWindow().showSaveFilePicker;
  if (!pick) return null;
  try {
    return await pick.call(window, { suggestedName: name, types: [{ description: 'ZIP', accept: { 'application/zip': ['.zip', '.epub'] } }] });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null; // the user closed the dialog
    throw e;
  }
}

/** A file is written in parts this big: each write costs the browser a Blob and a file write, whatever its size. */
const WRITE_BYTES = 4 * 1024 * 1024;

/**
 * Streams into a file's writable and closes it, which is when the browser moves the written swap
 * file over the file; on an error the writable is aborted and the file keeps what it held. The
 * ZIP's chunks (1 MiB of text, or one image with a small header before it) are gathered into
 * WRITE_BYTES parts first. Written one by one, the bench's bundled Hexo export into a picked file ran at
 * 23–25 MB/s, its browser process busy for ~13 CPU-s; in 2 MiB parts 37 MB/s, 4 MiB 39–40, 8 MiB
 * 40–43 (a download of the same ZIP: ~55; issue #6). 4 MiB keeps a few writes in the swap file when
 * an export dies early (e2e/transfer-export.spec.ts checks they are dropped).
 */
export async function streamToWritable(stream: ReadableStream<Uint8Array>, writable: FileSystemWritableFileStream): Promise<void> {
  const reader = stream.getReader();
  try {
    for await (const part of gathered(() => reader.read(), WRITE_BYTES)) await writable.write(part);
    await writable.close();
  } catch (e) {
    reader.cancel(e).catch(() => undefined);
    await writable.abort(e).catch(() => undefined);
    throw e;
  }
}

/**
 * Stops at once when `signal` aborts, even while the ZIP writer is waiting for a read from
 * IndexedDB: the stream is cancelled without waiting for it, so Cancel answers immediately.
 */
export async function streamToBlob(stream: ReadableStream<Uint8Array>, type: string, signal?: AbortSignal): Promise<Blob> {
  const parts: Blob[] = [];
  const reader = stream.getReader();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason);
  });
  aborted.catch(() => undefined);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort);
  try {
    for await (const part of gathered(() => Promise.race([reader.read(), aborted]), FOLD_BYTES)) parts.push(part);
  } catch (e) {
    reader.cancel(e).catch(() => undefined);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return new Blob(parts, { type });
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference once started; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
