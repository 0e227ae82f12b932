// Downloads in Firefox's download folder: it writes `<name>.part` first and renames it when done,
// so a download counts once no `.part` is left and the ZIP parses.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, type Unzipped } from 'fflate';
import { waitFor } from './wait';

export interface Downloaded {
  name: string;
  bytes: Uint8Array;
  zip: Unzipped;
}

/** The one complete download named `prefix…zip` that was not in `folder` before (`before`: its names then). */
export async function nextDownload(folder: string, prefix: string, before: ReadonlySet<string> = new Set()): Promise<Downloaded> {
  const found = await waitFor(
    `a complete ${prefix} download`,
    async () => {
      const files = await readdir(folder);
      const fresh = files.filter((f) => f.startsWith(prefix) && f.endsWith('.zip') && !before.has(f));
      if (fresh.length !== 1 || files.some((f) => f.endsWith('.part'))) return { files };
      const name = fresh[0] ?? '';
      const bytes = new Uint8Array(await readFile(path.join(folder, name)));
      try {
        return { files, done: { name, bytes, zip: unzipSync(bytes) } };
      } catch {
        return { files }; // its end record is not written yet
      }
    },
    (r) => r.done !== undefined,
  );
  return found.done!;
}
