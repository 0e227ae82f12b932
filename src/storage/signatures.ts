/**
 * Loading the posts' search signatures (the `sigs` store, schema v9) for search. The store is
 * written with each `texts` row (commit, import, delete, undo); a post whose signature is missing
 * (written before v9) or was made by another SIGNATURE_VERSION gets it rebuilt here from its text,
 * read and written in one transaction so a save in between cannot be overwritten by a stale one.
 */
import { SIGNATURE_VERSION } from '../search/signature';
import { db } from './db';
import { readChunked } from './library';
import { sigRow } from './plain-text';
import type { PostKey, SigRow, TextRow } from './types';

const REBUILD_CHUNK = 200;

export async function loadSignatures(onChunk: (rows: SigRow[]) => void | Promise<void>): Promise<void> {
  const valid = new Set<string>();
  await readChunked<SigRow>('sigs', async (rows) => {
    const current = rows.filter((r) => r.v === SIGNATURE_VERSION);
    for (const r of current) valid.add(r.key);
    await onChunk(current);
  });
  const keys = (await db().texts.toCollection().primaryKeys()) as PostKey[];
  const missing = keys.filter((k) => !valid.has(k));
  for (let at = 0; at < missing.length; at += REBUILD_CHUNK) await onChunk(await rebuild(missing.slice(at, at + REBUILD_CHUNK)));
}

async function rebuild(keys: PostKey[]): Promise<SigRow[]> {
  const d = db();
  return d.transaction('rw', d.texts, d.sigs, async () => {
    const texts = (await d.texts.bulkGet(keys)).filter((t): t is TextRow => t !== undefined);
    const rows = texts.map((t) => sigRow(t.key, t.text));
    await d.sigs.bulkPut(rows);
    return rows;
  });
}
