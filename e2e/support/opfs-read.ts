// Reads one file of the page's origin-private file system (where support/opfs-pickers.ts puts
// what the replaced pickers "pick") into the test, byte for byte, so that a ZIP written there
// can be opened with the project's own reader. Large files cross CDP in base64 slices (encoded
// by the browser's FileReader), not as one giant string.
import type { Page } from '@playwright/test';

const SLICE = 16 * 1024 * 1024;

/** The bytes of `path` (below the OPFS root, `/` between folders). */
export async function readOpfsFile(page: Page, path: string): Promise<Uint8Array> {
  const slice = (at: number, end: number): Promise<{ size: number; base64: string }> =>
    page.evaluate(
      async ({ path, at, end }) => {
        let dir = await navigator.storage.getDirectory();
        const parts = path.split('/');
        for (const name of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(name);
        const file = await (await dir.getFileHandle(parts.at(-1) ?? '')).getFile();
        const url = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as string);
          reader.onerror = () => reject(reader.error ?? new Error('read failed'));
          reader.readAsDataURL(file.slice(at, end));
        });
        return { size: file.size, base64: url.slice(url.indexOf(',') + 1) };
      },
      { path, at, end },
    );
  const first = await slice(0, SLICE);
  const out = new Uint8Array(first.size);
  out.set(Buffer.from(first.base64, 'base64'));
  for (let at = SLICE; at < first.size; at += SLICE) out.set(Buffer.from((await slice(at, at + SLICE)).base64, 'base64'), at);
  return out;
}
