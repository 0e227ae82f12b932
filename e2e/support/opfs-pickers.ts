// The File System Access pickers, replaced by the origin-private file system (OPFS): a headless
// browser cannot show a file dialog, so showSaveFilePicker / showDirectoryPicker resolve to real
// handles under navigator.storage.getDirectory(). Only the dialog is replaced; the export code
// writes real files through the real handles, and the test reads them back from the same place.
import type { BrowserContext, Page } from '@playwright/test';

/** Where the replaced showDirectoryPicker "picks": a folder at the OPFS root. */
export const PICKED_FOLDER = 'picked-folder';

/** Must run before the extension page loads: the page hides destinations whose picker is missing. */
export async function installOpfsPickers(context: BrowserContext): Promise<void> {
  await context.addInitScript((folder) => {
    if (location.protocol !== 'chrome-extension:') return;
    const w = window as unknown as {
      showSaveFilePicker: (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;
      showDirectoryPicker: () => Promise<FileSystemDirectoryHandle>;
    };
    w.showSaveFilePicker = async (options) => (await navigator.storage.getDirectory()).getFileHandle(options.suggestedName, { create: true });
    w.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
  }, PICKED_FOLDER);
}

export interface OpfsFile {
  /** Path below the listed folder, with `/` between folders. */
  path: string;
  size: number;
  lastModified: number;
  /** UTF-8 text of small files (Markdown, JSON); null for the rest. */
  text: string | null;
  sha256: string;
}

/** Every file under `folder` (null: the OPFS root), sorted by path. */
export async function listOpfs(page: Page, folder: string | null): Promise<OpfsFile[]> {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const start = name === null ? root : await root.getDirectoryHandle(name);
    const out: OpfsFile[] = [];
    const hex = (b: ArrayBuffer): string => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const handle of (dir as unknown as { values: () => AsyncIterable<FileSystemHandle> }).values()) {
        const path = `${prefix}${handle.name}`;
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}/`);
        else {
          const file = await (handle as FileSystemFileHandle).getFile();
          const bytes = await file.arrayBuffer();
          const text = /\.(md|json)$/.test(path) ? new TextDecoder().decode(bytes) : null;
          out.push({ path, size: file.size, lastModified: file.lastModified, text, sha256: hex(await crypto.subtle.digest('SHA-256', bytes)) });
        }
      }
    };
    await walk(start, '');
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }, folder);
}
