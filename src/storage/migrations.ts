/** Data moves between schema versions. Each runs inside Dexie's upgrade transaction: no foreign awaits. */
import type { Transaction } from 'dexie';
import { searchRows } from './plain-text';
import type { ContentRow, PostImageRow, PostRow, TextRow } from './types';

/** v1 → v2: search texts, image references and the post counter, derived from what v1 stored. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const posts = (await tx.table('posts').toArray()) as PostRow[];
  const contents = (await tx.table('contents').toArray()) as ContentRow[];
  const byKey = new Map(contents.map((c) => [c.key, c.content]));
  const texts: TextRow[] = [];
  const refs: PostImageRow[] = [];
  for (const p of posts) {
    // The v2 schema has no `sigs` store: signatures are made when the library first loads (signatures.ts).
    texts.push(searchRows(p.key, p.title, p.author, byKey.get(p.key) ?? '').text);
    for (const url of new Set(p.meta.images)) refs.push({ key: p.key, url });
  }
  await tx.table('texts').bulkPut(texts);
  await tx.table('postImages').bulkPut(refs);
  await tx.table('posts').toCollection().modify((p: PostRow) => {
    p.meta.firstSavedAt ??= p.meta.savedAt;
    p.meta.revisionCount ??= 0;
  });
  await tx.table('counters').put({ name: 'posts', value: posts.length });
}
