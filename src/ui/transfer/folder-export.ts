/**
 * Export into a folder the user picked (showDirectoryPicker): a Hexo `source/_posts` or an
 * Obsidian vault. Incremental: `.zhihu-offline.json` in the folder maps each file we wrote to
 * a hash of its bytes, so a second export writes only new and changed posts. Files that the
 * manifest does not know but that exist are overwritten only if their content differs.
 */
import type { ZipEntry } from '../../zip/writer';

export const FOLDER_MANIFEST = '.zhihu-offline.json';

interface Manifest {
  version: 1;
  files: Record<string, string>;
}

export interface FolderResult {
  written: number;
  unchanged: number;
}

async function readManifest(dir: FileSystemDirectoryHandle): Promise<Manifest> {
  try {
    const text = await (await (await dir.getFileHandle(FOLDER_MANIFEST)).getFile()).text();
    const data = JSON.parse(text) as Partial<Manifest>;
    if (data.version === 1 && typeof data.files === 'object' && data.files !== null) return { version: 1, files: Object.assign(Object.create(null) as Record<string, string>, data.files) };
  } catch {
    // No manifest yet, or an unreadable one: compare every file then.
  }
  return { version: 1, files: Object.create(null) as Record<string, string> };
}

async function bytesOf(data: ZipEntry['data']): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  const parts: Uint8Array[] = [];
  for await (const c of data) parts.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Change detection only (not security): two 32-bit FNV-1a lanes with different offsets plus the
 * length. fnv1a64 (BigInt per byte) would be far too slow over megabytes of images.
 */
export function hashBytes(b: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ b[i]!, 0x01000193);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}-${b.length}`;
}

async function fileFor(root: FileSystemDirectoryHandle, path: string, create: boolean): Promise<FileSystemFileHandle> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
  return dir.getFileHandle(parts.at(-1)!, { create });
}

async function sameOnDisk(root: FileSystemDirectoryHandle, path: string, hash: string): Promise<boolean> {
  try {
    const file = await (await fileFor(root, path, false)).getFile();
    return hashBytes(new Uint8Array(await file.arrayBuffer())) === hash;
  } catch {
    return false;
  }
}

export async function writeToFolder(root: FileSystemDirectoryHandle, entries: AsyncIterable<ZipEntry>, signal: AbortSignal): Promise<FolderResult> {
  const manifest = await readManifest(root);
  const result: FolderResult = { written: 0, unchanged: 0 };
  try {
    for await (const entry of entries) {
      signal.throwIfAborted();
      const bytes = await bytesOf(entry.data);
      const hash = hashBytes(bytes);
      const known = manifest.files[entry.name];
      if (known === hash || (known === undefined && (await sameOnDisk(root, entry.name, hash)))) {
        manifest.files[entry.name] = hash;
        result.unchanged++;
        continue;
      }
      const writable = await (await fileFor(root, entry.name, true)).createWritable();
      await writable.write(bytes as Uint8Array<ArrayBuffer>);
      await writable.close();
      manifest.files[entry.name] = hash;
      result.written++;
    }
  } finally {
    // Even after a cancel, what was written is recorded, so the next run skips it.
    const writable = await (await root.getFileHandle(FOLDER_MANIFEST, { create: true })).createWritable();
    await writable.write(JSON.stringify(manifest, null, 1));
    await writable.close();
  }
  return result;
}
