/**
 * Remembers a running export so that one killed with its page (R16: the extension reloaded or
 * updated, the tab or browser closed) is reported the next time the page opens, instead of the
 * user finding only an empty file or no download at all.
 *
 * Each export writes a small entry to localStorage and holds a Web Lock of the same name while
 * it runs. The browser releases a page's locks when the page dies, so an entry whose lock nobody
 * holds belongs to an export that ended without finishing; an export still running in another
 * tab keeps its lock and is left alone.
 */
export type ExportDest = 'download' | 'picker' | 'folder';

export interface InterruptedExport {
  format: string;
  dest: ExportDest;
  startedAt: number;
}

const PREFIX = 'zo-export-running:';
const DESTS: readonly string[] = ['download', 'picker', 'folder'];

/** Runs `work` as a journaled export; the entry goes once it ends, whether it succeeded, failed or was cancelled. */
export async function journaled<T>(entry: Omit<InterruptedExport, 'startedAt'>, work: () => Promise<T>): Promise<T> {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks) return work();
  const name = `${PREFIX}${crypto.randomUUID()}`;
  return locks.request(name, async () => {
    localStorage.setItem(name, JSON.stringify({ ...entry, startedAt: Date.now() }));
    try {
      return await work();
    } finally {
      localStorage.removeItem(name);
    }
  });
}

/** Entries whose export no live page holds, oldest first; they are removed as they are read. */
export async function takeInterruptedExports(): Promise<InterruptedExport[]> {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks) return [];
  const { held = [] } = await locks.query();
  const live = new Set(held.map((l) => l.name));
  const found: InterruptedExport[] = [];
  for (const name of Object.keys(localStorage)) {
    if (!name.startsWith(PREFIX) || live.has(name)) continue;
    const entry = parse(localStorage.getItem(name));
    localStorage.removeItem(name);
    if (entry) found.push(entry);
  }
  return found.sort((a, b) => a.startedAt - b.startedAt);
}

function parse(text: string | null): InterruptedExport | null {
  try {
    const v = JSON.parse(text ?? '') as Partial<InterruptedExport> | null;
    if (typeof v?.format !== 'string' || typeof v.dest !== 'string' || !DESTS.includes(v.dest) || typeof v.startedAt !== 'number') return null;
    return { format: v.format.slice(0, 20), dest: v.dest, startedAt: v.startedAt };
  } catch {
    return null;
  }
}
