/**
 * The commit of a save: post, content, search text, image references, revision and counter in
 * ONE transaction. Until it commits, the post is not in the library; after, it is whole.
 */
import { MAX_REVISIONS, keptRevisions } from '../shared/limits';
import { db, strictDb, type ZhihuOfflineDB } from './db';
import { imageRefUrls } from './image-refs';
import { searchRows } from './plain-text';
import type { PostImageRow, PostRow, RevisionRow } from './types';

export interface CommitResult {
  created: boolean;
  revised: boolean;
}

export async function commitPost(row: PostRow, content: string, outboxId: string | null, now: number): Promise<CommitResult> {
  const d = strictDb();
  return d.transaction('rw', [d.posts, d.contents, d.texts, d.sigs, d.postImages, d.revisions, d.outbox, d.counters], async () => {
    const old = await d.posts.get(row.key);
    const oldContent = old ? ((await d.contents.get(row.key))?.content ?? '') : '';
    const revised = old !== undefined && (old.title !== row.title || oldContent !== content);
    if (old && revised) {
      await d.revisions.add(revisionOf(old, oldContent, now));
      await trimRevisions(row.key, d);
    }
    const next: PostRow = {
      ...row,
      meta: {
        ...row.meta,
        firstSavedAt: old?.meta.firstSavedAt ?? old?.meta.savedAt ?? row.meta.savedAt,
        revisionCount: Math.min(MAX_REVISIONS, (old?.meta.revisionCount ?? 0) + (revised ? 1 : 0)),
      },
    };
    await d.posts.put(next);
    await d.contents.put({ key: row.key, content });
    const search = searchRows(row.key, row.title, row.author, content);
    await d.texts.put(search.text);
    await d.sigs.put(search.sig);
    await d.postImages.where('key').equals(row.key).delete();
    const refs: PostImageRow[] = imageRefUrls(row.meta).map((url) => ({ key: row.key, url }));
    await d.postImages.bulkPut(refs);
    if (outboxId) await d.outbox.delete(outboxId);
    if (!old) await bumpCounter(1, d);
    return { created: !old, revised };
  });
}


/** Must run inside a transaction that includes `revisions`, on the same connection `d`. */
export async function trimRevisions(key: string, d: ZhihuOfflineDB): Promise<void> {
  // Ids grow with every add, so in id order the first is the oldest version kept.
  const ids = await d.revisions.where('key').equals(key).primaryKeys();
  const kept = new Set(keptRevisions(ids));
  if (kept.size < ids.length) await d.revisions.bulkDelete(ids.filter((id) => !kept.has(id)));
}

function revisionOf(old: PostRow, content: string, now: number): RevisionRow {
  return { key: old.key, savedAt: old.meta.savedAt, replacedAt: now, title: old.title, content, updatedAt: old.meta.updatedAt };
}

/** Must run inside a transaction that includes `counters`, on the same connection `d`. */
export async function bumpCounter(delta: number, d: ZhihuOfflineDB = db()): Promise<void> {
  const current = (await d.counters.get('posts'))?.value ?? (await d.posts.count()) - delta;
  await d.counters.put({ name: 'posts', value: Math.max(0, current + delta) });
}
