// @vitest-environment node
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { gramSignature, SIGNATURE_VERSION } from '../src/search/signature';
import { commitPost } from '../src/storage/commit';
import { MAX_REVISIONS } from '../src/shared/limits';
import { db } from '../src/storage/db';
import { storeImage } from '../src/storage/images';
import { countPosts, deletePosts, getFullPost, listRevisions, purgeImagesOf, restorePosts } from '../src/storage/posts';
import { capture, clearDatabase, png, row } from './support/storage';

beforeEach(clearDatabase);

describe('commitPost', () => {
  it('writes post, content, search text, image refs and the counter together', async () => {
    const r = row('1', { images: ['https://pic1.zhimg.com/a.jpg'], contentHtml: '<p>量子力学&amp;相对论</p>' });
    expect(await commitPost(r, '<p>量子力学&amp;相对论</p>', null, 5)).toEqual({ created: true, revised: false });
    const d = db();
    expect(await d.texts.get(r.key)).toEqual({ key: r.key, text: '问题 1\n作者\n量子力学&相对论' });
    expect(await d.sigs.get(r.key)).toEqual({ key: r.key, v: SIGNATURE_VERSION, sig: gramSignature('问题 1\n作者\n量子力学&相对论') });
    expect(await d.postImages.where('key').equals(r.key).toArray()).toEqual([{ key: r.key, url: 'https://pic1.zhimg.com/a.jpg' }]);
    expect(await countPosts()).toBe(1);
    expect((await getFullPost(r.key))?.content).toBe('<p>量子力学&amp;相对论</p>');
  });

  it('is idempotent: the same save twice is one post and no revision', async () => {
    const r = row('1');
    await commitPost(r, '<p>a</p>', null, 5);
    expect(await commitPost({ ...r, meta: { ...r.meta, savedAt: 9 } }, '<p>a</p>', null, 9)).toEqual({ created: false, revised: false });
    expect(await countPosts()).toBe(1);
    expect(await listRevisions(r.key)).toEqual([]);
    expect((await getFullPost(r.key))?.meta.firstSavedAt).toBe(1_000);
  });

  it('keeps the previous version as a revision when the content or title changed', async () => {
    const first = row('1', {}, 100);
    await commitPost(first, '<p>旧的</p>', null, 100);
    const second = row('1', { title: '新标题' }, 200);
    expect(await commitPost(second, '<p>新的</p>', null, 200)).toEqual({ created: false, revised: true });
    const revs = await listRevisions(first.key);
    expect(revs).toMatchObject([{ key: first.key, title: '问题 1', content: '<p>旧的</p>', savedAt: 100, replacedAt: 200 }]);
    const now = await getFullPost(first.key);
    expect(now?.title).toBe('新标题');
    expect(now?.meta.revisionCount).toBe(1);
  });

  it('keeps at most MAX_REVISIONS earlier versions: the first one saved and the newest', async () => {
    const key = row('1').key;
    const saves = MAX_REVISIONS + 12;
    for (let i = 0; i <= saves; i++) await commitPost(row('1', {}, 100 + i), `<p>版本 ${i}</p>`, null, 100 + i);
    const revs = await listRevisions(key);
    expect(revs).toHaveLength(MAX_REVISIONS);
    expect(revs.map((r) => r.content)).toEqual(['<p>版本 0</p>', ...Array.from({ length: MAX_REVISIONS - 1 }, (_, i) => `<p>版本 ${saves - MAX_REVISIONS + 1 + i}</p>`)]);
    expect((await getFullPost(key))?.meta.revisionCount).toBe(MAX_REVISIONS);
    expect((await getFullPost(key))?.content).toBe(`<p>版本 ${saves}</p>`);
  });

  it('removes the outbox job in the same transaction', async () => {
    const r = row('1');
    await db().outbox.put({ id: 'save:answer:1', kind: 'save', key: r.key, item: capture('1'), pending: [], attempts: 0, nextAttemptAt: 0, createdAt: 0 });
    await commitPost(r, '<p>a</p>', 'save:answer:1', 5);
    expect(await db().outbox.count()).toBe(0);
  });

  it('rolls back everything when any part fails', async () => {
    const r = row('1');
    // A key outside the schema's type makes the put fail inside the transaction.
    const bad = { ...r, key: undefined } as unknown as typeof r;
    await expect(commitPost(bad, '<p>a</p>', null, 5)).rejects.toThrow();
    const d = db();
    expect([await d.posts.count(), await d.contents.count(), await d.texts.count(), await countPosts()]).toEqual([0, 0, 0, 0]);
  });
});

describe('delete, undo and shared images', () => {
  it('frees an image only when no post uses it, and undo restores exactly', async () => {
    const shared = 'https://pic1.zhimg.com/shared.jpg';
    const own = 'https://pic1.zhimg.com/own.jpg';
    await storeImage({ url: shared, blob: png('s'), type: 'image/png', size: 1, storedAt: 1 });
    await storeImage({ url: own, blob: png('o'), type: 'image/png', size: 1, storedAt: 1 });
    const a = row('1', { images: [shared, own] });
    const b = row('2', { images: [shared] });
    await commitPost(a, '<p>a</p>', null, 1);
    await commitPost(b, '<p>b</p>', null, 1);
    await db().annotations.put({ key: a.key, tags: ['收藏'], note: '好文' });

    const deleted = await deletePosts([a.key]);
    expect(await countPosts()).toBe(1);
    expect(await getFullPost(a.key)).toBeNull();
    // Within the undo window the blobs are still there.
    expect(await db().images.count()).toBe(2);

    await restorePosts(deleted);
    expect(await countPosts()).toBe(2);
    expect((await getFullPost(a.key))?.content).toBe('<p>a</p>');
    expect(await db().annotations.get(a.key)).toEqual({ key: a.key, tags: ['收藏'], note: '好文' });

    const again = await deletePosts([a.key]);
    expect(await purgeImagesOf(again)).toBe(1);
    expect((await db().images.toCollection().primaryKeys()).sort()).toEqual([shared]);
  });
});

describe('sweepOrphanImages', () => {
  it('deletes only blobs that no post and no pending job uses', async () => {
    const { sweepOrphanImages } = await import('../src/storage/images');
    const [used, pendingJob, orphan] = ['https://pic1.zhimg.com/u.jpg', 'https://pic1.zhimg.com/p.jpg', 'https://pic1.zhimg.com/o.jpg'];
    for (const url of [used, pendingJob, orphan]) await storeImage({ url, blob: png(url), type: 'image/png', size: 1, storedAt: 1 });
    await commitPost(row('1', { images: [used] }), '<p>a</p>', null, 1);
    await db().outbox.put({ id: 'save:answer:2', kind: 'save', key: 'answer:2', item: capture('2', { images: [pendingJob] }), pending: [], attempts: 0, nextAttemptAt: 0, createdAt: 0 });
    expect(await sweepOrphanImages()).toBe(1);
    expect((await db().images.toCollection().primaryKeys()).sort()).toEqual([pendingJob, used].sort());
  });
});

describe('durability (R8)', () => {
  it('the connection commits, deletes and retries use is strict; the other keeps the browser default', async () => {
    const { strictDb } = await import('../src/storage/db');
    const of = async (d: ReturnType<typeof db>): Promise<string> => d.transaction('rw', d.posts, (tx) => (tx as unknown as { idbtrans: IDBTransaction }).idbtrans.durability);
    expect(await of(strictDb())).toBe('strict');
    expect(await of(db())).toBe('default');
  });
});
