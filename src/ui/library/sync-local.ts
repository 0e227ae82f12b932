/**
 * The library as sync sees it (src/sync/engine.ts SyncLocal), on the page that runs the sync: its posts
 * as backup post files, its images, and the import's merge — with the import's cleaner first, since a
 * sync folder is as untrusted as any file (docs/threats.md).
 */
import type { BackupPost } from '../../backup/format';
import { fnv1a64 } from '../../shared/hash';
import { db } from '../../storage/db';
import { exportPosts } from '../../storage/export-source';
import { applyImport } from '../../storage/import-apply';
import { deletePosts } from '../../storage/posts';
import type { AnnotationRow, PostKey, PostRow } from '../../storage/types';
import type { LocalImage, SyncLocal } from '../../sync/engine';
import { cleanImported } from '../transfer/import-run';

/** A post's fingerprint: what moves when a save, a revision, its tags or its note change (no content read). */
function printsOf(rows: readonly PostRow[], notes: readonly AnnotationRow[], revisions: ReadonlyMap<string, number>): Map<string, string> {
  const note = new Map(notes.map((a) => [a.key, `${a.tags.join('\u0001')}\u0002${a.note}`]));
  return new Map(rows.map((r) => [r.key, fnv1a64(`${r.meta.savedAt}\u0003${r.meta.updatedAt ?? ''}\u0003${r.title}\u0003${revisions.get(r.key) ?? 0}\u0003${note.get(r.key) ?? ''}`)]));
}

export const syncLocal: SyncLocal = {
  async fingerprints(keys) {
    const d = db();
    if (keys) {
      const rows = (await d.posts.bulkGet(keys as PostKey[])).filter((r) => r !== undefined);
      const notes = (await d.annotations.bulkGet(rows.map((r) => r.key))).filter((a) => a !== undefined);
      const counts = await Promise.all(rows.map((r) => d.revisions.where('key').equals(r.key).count()));
      return printsOf(rows, notes, new Map(rows.map((r, i) => [r.key, counts[i] ?? 0])));
    }
    const [rows, notes, revisionKeys] = await Promise.all([d.posts.toArray(), d.annotations.toArray(), d.revisions.orderBy('key').keys()]);
    const revisions = new Map<string, number>();
    for (const k of revisionKeys) revisions.set(String(k), (revisions.get(String(k)) ?? 0) + 1);
    return printsOf(rows, notes, revisions);
  },
  async posts(keys) {
    const rows = (await db().posts.bulkGet(keys as PostKey[])).filter((r) => r !== undefined);
    const out: BackupPost[] = [];
    for await (const chunk of exportPosts(rows, true)) out.push(...chunk);
    return out;
  },
  async images(urls) {
    const rows = await db().images.bulkGet([...urls]);
    const out: LocalImage[] = [];
    for (const r of rows) if (r?.blob) out.push({ url: r.url, type: r.type, size: r.size, storedAt: r.storedAt, bytes: new Uint8Array(await r.blob.arrayBuffer()) });
    return out;
  },
  async storedImages(urls) {
    const keys = await db().images.where('url').anyOf([...urls]).primaryKeys();
    return new Set(keys.map(String));
  },
  async merge(posts, images) {
    if (!posts.length) return;
    await applyImport(posts.map(cleanImported), images.map((i) => ({ url: i.url, type: i.type, storedAt: i.storedAt, bytes: i.bytes })));
  },
  async remove(keys) {
    await deletePosts(keys as PostKey[]);
  },
  async annotations(keys) {
    const rows = await db().annotations.bulkGet(keys as PostKey[]);
    return new Map(rows.filter((a) => a !== undefined).map((a) => [a.key, { tags: a.tags, note: a.note }]));
  },
  async setAnnotations(data) {
    const d = db();
    await d.transaction('rw', d.annotations, async () => {
      for (const [key, a] of data) {
        if (a.tags.length || a.note) await d.annotations.put({ key: key as PostKey, tags: a.tags, note: a.note });
        else await d.annotations.delete(key as PostKey);
      }
    });
  },
};
