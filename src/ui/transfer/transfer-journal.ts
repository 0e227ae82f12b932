/**
 * Remembers a running export or import so that one killed with its page (R15, R16: the extension
 * reloaded or updated, the tab or browser closed) is reported the next time the page opens,
 * instead of the user finding an empty file, no download, or an import that silently did not happen.
 *
 * Each run writes a small entry to localStorage and holds a Web Lock of the same name while it
 * runs. The browser releases a page's locks when the page dies, so an entry whose lock nobody
 * holds belongs to a run that ended without finishing; one still running in another tab keeps its
 * lock and is left alone.
 */
export type ExportDest = 'download' | 'picker' | 'folder';

export type JournalEntry = { kind: 'export'; format: string; dest: ExportDest } | { kind: 'import'; files: number };

export type Interrupted = JournalEntry & { startedAt: number };

const PREFIX = 'zo-transfer-running:';
const DESTS: readonly string[] = ['download', 'picker', 'folder'];

/** Runs `work` journaled; the entry goes once it ends, whether it succeeded, failed or was cancelled. */
export async function journaled<T>(entry: JournalEntry, work: () => Promise<T>): Promise<T> {
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

/** Runs of `kind` that no live page holds, oldest first; they are removed as they are read. */
export async function takeInterrupted<K extends JournalEntry['kind']>(kind: K): Promise<Extract<Interrupted, { kind: K }>[]> {
  const locks = navigator.locks as LockManager | undefined;
  if (!locks) return [];
  const { held = [] } = await locks.query();
  const live = new Set(held.map((l) => l.name));
  const found: Interrupted[] = [];
  for (const name of Object.keys(localStorage)) {
    if (!name.startsWith(PREFIX) || live.has(name)) continue;
    const entry = parse(localStorage.getItem(name));
    if (entry && entry.kind !== kind) continue; // the other half of the page reports it
    localStorage.removeItem(name);
    if (entry) found.push(entry);
  }
  return (found as Extract<Interrupted, { kind: K }>[]).sort((a, b) => a.startedAt - b.startedAt);
}

/** Our own entry, but localStorage is shared by every extension page: checked, never trusted. */
function parse(text: string | null): Interrupted | null {
  try {
    const v = JSON.parse(text ?? '') as Record<string, unknown> | null;
    if (typeof v?.startedAt !== 'number') return null;
    if (v.kind === 'import' && typeof v.files === 'number') return { kind: 'import', files: v.files, startedAt: v.startedAt };
    if (v.kind === 'export' && typeof v.format === 'string' && typeof v.dest === 'string' && DESTS.includes(v.dest)) {
      return { kind: 'export', format: v.format.slice(0, 20), dest: v.dest as ExportDest, startedAt: v.startedAt };
    }
    return null;
  } catch {
    return null;
  }
}
