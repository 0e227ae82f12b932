// Floors for the backup figures (issue #15): the least work an export or an import of the same bytes
// can do in the same browser, measured in the same run, so that the figures are ratios a slower or
// faster machine does not move.
// - Export floor: read every stored row and blob once (posts and contents, 500 rows per transaction,
//   each image blob's bytes), and write as many bytes as the export wrote to the same sink: the images'
//   bytes, the rest as zeros (no row is turned into text: a floor does no work of the format), as a
//   Blob of 8 MiB parts handed to an <a download>, or 4 MiB parts written to a picked file's writable
//   (the export's two paths, src/ui/transfer/save-stream.ts). It runs on the page alone, where the
//   export also has its ZIP worker on the second core.
// - Import floor: read the picked file once, entry by entry (each entry's stored bytes, through one
//   stream of the file as the import reads), and write those bytes to IndexedDB as the import's granularity
//   has them: one record per post entry, 200 per transaction, and one Blob per image, 20 per
//   transaction, into a scratch database of the same origin, deleted afterwards.
import type { Page } from '@playwright/test';
import { open } from 'node:fs/promises';
import { openZip, type RandomAccess } from '../src/zip/reader';

export interface FloorEntry {
  /** Where the entry's stored bytes start in the file, and how many. */
  offset: number;
  length: number;
  image: boolean;
}

/** The stored data of each entry of the ZIP at `path`, in file order, from its directory and local headers. */
export async function entriesOf(path: string): Promise<FloorEntry[]> {
  const handle = await open(path, 'r');
  try {
    const src: RandomAccess = {
      size: (await handle.stat()).size,
      read: async (offset, length) => {
        const buf = new Uint8Array(length);
        const { bytesRead } = await handle.read(buf, 0, length, offset);
        return buf.subarray(0, bytesRead);
      },
    };
    const zip = await openZip(src);
    if (!zip.ok) throw new Error(`floor: ${zip.error.code}`);
    const out: FloorEntry[] = [];
    for (const e of [...zip.value.entries].sort((a, b) => a.localOffset - b.localOffset)) {
      const head = await src.read(e.localOffset, 30);
      const view = new DataView(head.buffer, head.byteOffset, 30);
      const offset = e.localOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
      out.push({ offset, length: e.compressedSize, image: e.name.startsWith('images/') });
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** The import floor for the file at `path`, picked through a scratch file input of the page. In ms. */
export async function importFloor(page: Page, path: string): Promise<number> {
  const entries = await entriesOf(path);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'zo-floor-file';
    input.hidden = true;
    document.body.append(input);
  });
  await page.locator('#zo-floor-file').setInputFiles(path);
  // tsx (the bench runs under it) wraps named inner functions in an `__name` helper the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async (entries) => {
    const file = (document.getElementById('zo-floor-file') as HTMLInputElement).files![0]!;
    const name = 'zo-bench-floor';
    await new Promise((res) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = r.onerror = res; });
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => { r.result.createObjectStore('rows'); r.result.createObjectStore('blobs'); };
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const done = (tx: IDBTransaction): Promise<void> => new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
    // Through one stream of the file, in file order, as the import reads it (src/zip/random-access.ts streamedSource).
    const reader = file.stream().getReader();
    let chunk = new Uint8Array(0);
    let chunkStart = 0;
    const read = async (offset: number, length: number): Promise<Uint8Array> => {
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const from = offset + filled - chunkStart;
        if (from >= chunk.length) {
          const next = await reader.read();
          if (next.done) throw new Error('floor: the file ended early');
          chunkStart += chunk.length;
          chunk = next.value;
          continue;
        }
        const n = Math.min(length - filled, chunk.length - from);
        out.set(chunk.subarray(from, from + n), filled);
        filled += n;
      }
      return out;
    };
    const t0 = performance.now();
    let rows: [number, Uint8Array][] = [];
    let blobs: [number, Blob][] = [];
    const flushRows = async (): Promise<void> => {
      const tx = db.transaction('rows', 'readwrite');
      for (const [k, v] of rows) tx.objectStore('rows').put(v, k);
      rows = [];
      await done(tx);
    };
    const flushBlobs = async (): Promise<void> => {
      const tx = db.transaction('blobs', 'readwrite');
      for (const [k, v] of blobs) tx.objectStore('blobs').put(v, k);
      blobs = [];
      await done(tx);
      await new Promise((r) => setTimeout(r, 0));
    };
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const bytes = await read(e.offset, e.length);
      if (e.image) {
        blobs.push([i, new Blob([bytes as Uint8Array<ArrayBuffer>])]);
        if (blobs.length === 20) await flushBlobs();
      } else {
        rows.push([i, bytes]);
        if (rows.length === 200) await flushRows();
      }
    }
    if (rows.length) await flushRows();
    if (blobs.length) await flushBlobs();
    const ms = performance.now() - t0;
    db.close();
    await new Promise((res) => { const r = indexedDB.deleteDatabase(name); r.onsuccess = r.onerror = res; });
    return ms;
  }, entries);
}

/**
 * The export floor: every post, content and image of the library read once, `bytes` bytes written to
 * `sink`. In ms. Started by a real click, as the export is: Chromium cancels a page's second download
 * that no user gesture asked for.
 */
export async function exportFloor(page: Page, bytes: number, sink: 'download' | 'picker'): Promise<number> {
  // Chromium cancelled a big download started right after another (three 379 MB floors back to back:
  // the 2nd and 3rd cancelled; 5 s apart, none). Outside the timed part.
  if (sink === 'download') await page.waitForTimeout(5_000);
  const download = sink === 'download' ? page.waitForEvent('download', { timeout: 600_000 }) : null;
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(({ total, sink }) => {
    const w = window as unknown as { zoFloor?: { ms?: number; error?: string } };
    w.zoFloor = {};
    const button = document.createElement('button');
    button.id = 'zo-floor-go';
    button.textContent = 'floor';
    document.body.append(button);
    button.addEventListener('click', () => {
      button.remove();
      run().then((ms) => (w.zoFloor = { ms }), (e: unknown) => (w.zoFloor = { error: String(e) }));
    });
    async function run(): Promise<number> {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('zhihu-offline');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const t0 = performance.now();
      const FOLD = sink === 'download' ? 8 * 1024 * 1024 : 4 * 1024 * 1024;
      const picker = (window as unknown as { showSaveFilePicker: (o: { suggestedName: string }) => Promise<FileSystemFileHandle> }).showSaveFilePicker;
      const writable = sink === 'picker' ? await (await picker({ suggestedName: 'floor.zip' })).createWritable() : null;
      const blobs: Blob[] = [];
      let parts: BlobPart[] = [];
      let held = 0;
      let written = 0;
      const fold = async (): Promise<void> => {
        const blob = new Blob(parts);
        parts = [];
        held = 0;
        if (writable) await writable.write(blob);
        else blobs.push(blob);
      };
      const write = async (chunk: Uint8Array): Promise<void> => {
        const take = chunk.subarray(0, Math.max(0, total - written));
        if (!take.length) return;
        parts.push(take as Uint8Array<ArrayBuffer>);
        held += take.length;
        written += take.length;
        if (held >= FOLD) await fold();
      };
      /** Every row of `store`, 500 per transaction, in key order. */
      async function* rowsOf(store: string): AsyncGenerator<unknown[]> {
        let after: IDBValidKey | null = null;
        for (;;) {
          const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
          const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((res, rej) => {
            const os = db.transaction(store).objectStore(store);
            const k = os.getAllKeys(range, 500);
            const v = os.getAll(range, 500);
            v.onsuccess = () => res([k.result, v.result]);
            v.onerror = () => rej(v.error);
          });
          if (!values.length) return;
          after = keys[keys.length - 1]!;
          yield values;
        }
      }
      let rowCount = 0;
      for (const store of ['posts', 'contents']) for await (const rows of rowsOf(store)) rowCount += rows.length;
      for await (const rows of rowsOf('images')) for (const row of rows) await write(new Uint8Array(await (row as { blob: Blob }).blob.arrayBuffer()));
      // The rest of the export's bytes (the posts' text, ZIP headers, the directory): zeros, to the same total.
      const zeros = new Uint8Array(1024 * 1024);
      while (written < total) await write(zeros.subarray(0, Math.min(zeros.length, total - written)));
      if (!rowCount) throw new Error('export floor: no rows read');
      if (parts.length) await fold();
      if (writable) await writable.close();
      else {
        const url = URL.createObjectURL(new Blob(blobs, { type: 'application/zip' }));
        (window as unknown as { zoFloorUrl?: string }).zoFloorUrl = url;
        const a = document.createElement('a');
        a.href = url;
        a.download = 'floor.zip';
        document.body.append(a);
        a.click();
        a.remove();
      }
      const ms = performance.now() - t0;
      db.close();
      if (writable) await (await navigator.storage.getDirectory()).removeEntry('floor.zip');
      return ms;
    }
  }, { total: bytes, sink });
  await page.locator('#zo-floor-go').click();
  const handle = await page.waitForFunction(() => {
    const f = (window as unknown as { zoFloor?: { ms?: number; error?: string } }).zoFloor;
    return f?.ms !== undefined || f?.error !== undefined ? f : null;
  }, null, { timeout: 600_000, polling: 200 });
  const floor = (await handle.jsonValue()) as { ms?: number; error?: string };
  if (floor.error !== undefined || floor.ms === undefined) throw new Error(`export floor: ${floor.error}`);
  if (download) {
    const file = await download;
    await file.path(); // finished: the Blob can go
    await page.evaluate(() => URL.revokeObjectURL((window as unknown as { zoFloorUrl: string }).zoFloorUrl));
    await file.delete();
  }
  return floor.ms;
}
