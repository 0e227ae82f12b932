// @vitest-environment node
// Comments in storage (issue #17): their own stores, one transaction per fetch, deleted and restored with
// their post, read by every export and written by an import. Thread: SYNTHETIC pages around the REAL object.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BackupPost } from '../src/backup/format';
import { commitPost } from '../src/storage/commit';
import { beginComments, getComments, putComments } from '../src/storage/comments';
import { db } from '../src/storage/db';
import { exportPosts, exportRows, type ExportPost } from '../src/storage/export-source';
import { applyImport } from '../src/storage/import-apply';
import { deletePosts, getFullPost, restorePosts } from '../src/storage/posts';
import { readForRescue } from '../src/storage/rescue-read';
import type { PostKey } from '../src/storage/types';
import { savedThread } from './support/comment-thread';
import { clearDatabase, row } from './support/storage';

const KEY = 'answer:2916374892' as PostKey;

async function saved(): Promise<void> {
  const r = row('2916374892');
  await commitPost(r, '<p>正文</p>', null, 1_000);
}

async function exported(): Promise<ExportPost[]> {
  const out: ExportPost[] = [];
  for await (const chunk of exportPosts(await exportRows({ keys: null, order: 'key' }), false)) out.push(...chunk);
  return out;
}

beforeEach(clearDatabase);

describe('comment storage', () => {
  it('keeps them apart from the post: its row and content are unchanged', async () => {
    await saved();
    const before = await getFullPost(KEY);
    const thread = await savedThread();
    await putComments(KEY, thread);
    expect(await getFullPost(KEY)).toEqual(before);
    expect(await getComments(KEY)).toEqual(thread);
    expect(await db().comments.where('key').equals(KEY).count()).toBe(52);
  });

  it('a fetch refused at once keeps comments saved earlier, marked partial with the reason', async () => {
    await saved();
    await putComments(KEY, await savedThread());
    await beginComments(KEY, 2_000);
    expect((await db().commentSets.get(KEY))?.state).toBe('fetching');
    await putComments(KEY, { state: 'missing', reason: 'verify', total: null, kept: 0, fetchedAt: 3_000, items: [] });
    const after = await getComments(KEY);
    expect(after).toMatchObject({ state: 'partial', reason: 'verify', kept: 52 });
    expect(after?.items).toHaveLength(52);
  });

  it('nothing is attached to a post deleted meanwhile', async () => {
    await putComments(KEY, await savedThread());
    expect(await getComments(KEY)).toBeNull();
    expect(await db().comments.count()).toBe(0);
  });

  it('delete takes them along and undo brings them back', async () => {
    await saved();
    const thread = await savedThread();
    await putComments(KEY, thread);
    const gone = await deletePosts([KEY]);
    expect(await db().comments.count()).toBe(0);
    expect(await db().commentSets.count()).toBe(0);
    await restorePosts(gone);
    expect(await getComments(KEY)).toEqual(thread);
  });

  it('exports read them (every format), and an import into an empty library writes them back', async () => {
    await saved();
    await commitPost(row('7'), '<p>无评论</p>', null, 1_000);
    const thread = await savedThread();
    await putComments(KEY, thread);
    const posts = await exported();
    expect(posts.find((p) => p.key === KEY)?.commentThread).toEqual(thread);
    expect(posts.find((p) => p.key !== KEY)).not.toHaveProperty('commentThread');
    await clearDatabase();
    await applyImport(posts as BackupPost[], []);
    expect(await getComments(KEY)).toEqual(thread);
    expect(await db().posts.get(KEY)).not.toHaveProperty('commentThread');
    expect(await exported()).toEqual(posts);
  });

  it('the recovery export (raw IndexedDB, no Dexie) carries them too', async () => {
    await saved();
    const thread = await savedThread();
    await putComments(KEY, thread);
    const rescued = await readForRescue();
    expect(rescued?.posts.find((p) => p.key === KEY)?.commentThread).toEqual(thread);
  });
});
