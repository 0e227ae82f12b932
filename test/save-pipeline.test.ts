// @vitest-environment node
// The save pipeline against a stubbed network: failures, retries and resumption after a killed worker.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runRetry } from '../src/background/run-retry';
import { runSave } from '../src/background/run-save';
import { db } from '../src/storage/db';
import { storeImage } from '../src/storage/images';
import { discardJob } from '../src/storage/outbox';
import { deletePosts, getFullPost, purgeImagesOf } from '../src/storage/posts';
import type { OutboxRow } from '../src/storage/types';
import { capture, clearDatabase, png } from './support/storage';

const IMG = (n: number): string => `https://pic${(n % 4) + 1}.zhimg.com/v2-${n}_1440w.jpg`;
const settings = { imageQuality: 'display' as const };
let failing = new Set<string>();
let fetched: string[] = [];

beforeEach(async () => {
  await clearDatabase();
  failing = new Set();
  fetched = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetched.push(url);
    expect(init.referrerPolicy).toBe('no-referrer');
    expect(init.credentials).toBe('omit');
    if (failing.has(url)) return new Response('no', { status: 403 });
    return new Response(png(url), { status: 200, headers: { 'content-type': 'image/png' } });
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => vi.unstubAllGlobals());

function job(images: string[], pending = images): OutboxRow {
  const item = capture('42', { images, contentHtml: images.map((u) => `<figure><img src="${u}"></figure>`).join('') });
  return { id: 'save:answer:42', kind: 'save', key: 'answer:42', item, pending, attempts: 0, nextAttemptAt: 0, createdAt: 0 };
}

describe('runSave', () => {
  it('stores 20 images and the post, reporting progress up to 20/20', async () => {
    const images = Array.from({ length: 20 }, (_, i) => IMG(i));
    const j = job(images);
    await db().outbox.put(j);
    const progress: number[] = [];
    const result = await runSave(j, settings, (done) => progress.push(done), () => 5_000);
    expect(result).toEqual({ key: 'answer:42', images: 20, missingImages: 0, complete: true, incompleteReason: null });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(20);
    expect(await db().images.count()).toBe(20);
    expect(await db().outbox.count()).toBe(0);
    expect((await getFullPost('answer:42'))?.meta.missingImages).toEqual([]);
  });

  it('saves the post with missing-image markers on 403/404 and schedules a retry that fills them in', async () => {
    const images = [IMG(1), IMG(2), IMG(3)];
    failing = new Set([IMG(2), IMG(3)]);
    const j = job(images);
    const result = await runSave(j, settings, () => undefined, () => 10_000);
    expect(result.missingImages).toBe(2);
    expect((await getFullPost('answer:42'))?.meta.missingImages).toEqual([IMG(2), IMG(3)]);
    const retry = await db().outbox.get('retry:answer:42');
    expect(retry).toMatchObject({ kind: 'retry-images', pending: [IMG(2), IMG(3)], attempts: 0 });
    expect(retry!.nextAttemptAt).toBeGreaterThan(10_000);

    failing = new Set([IMG(3)]);
    await runRetry(retry!, settings, 20_000);
    expect((await getFullPost('answer:42'))?.meta.missingImages).toEqual([IMG(3)]);
    const again = await db().outbox.get('retry:answer:42');
    expect(again).toMatchObject({ pending: [IMG(3)], attempts: 1 });

    failing = new Set();
    await runRetry(again!, settings, 30_000);
    expect((await getFullPost('answer:42'))?.meta.missingImages).toEqual([]);
    expect(await db().outbox.get('retry:answer:42')).toBeUndefined();
    expect(await db().images.count()).toBe(3);
  });

  it('resumes after a killed worker without fetching what it already stored, and without a duplicate', async () => {
    const images = Array.from({ length: 8 }, (_, i) => IMG(i));
    for (const u of images.slice(0, 5)) await storeImage({ url: u, blob: png(u), type: 'image/png', size: 1, storedAt: 1 });
    const j = job(images, images.slice(5));
    await db().outbox.put(j);
    await runSave(j, settings, () => undefined, () => 1);
    expect(fetched.sort()).toEqual(images.slice(5).sort());
    expect(await db().posts.count()).toBe(1);
    expect(await db().revisions.count()).toBe(0);
    await runSave(j, settings, () => undefined, () => 2);
    expect(await db().posts.count()).toBe(1);
  });

  it('falls back to the display size when the original is missing', async () => {
    failing = new Set(['https://pic2.zhimg.com/v2-1_r.jpg']);
    const j = job([IMG(1)]);
    await runSave(j, { imageQuality: 'original' }, () => undefined, () => 1);
    expect(fetched).toEqual(['https://pic2.zhimg.com/v2-1_r.jpg', IMG(1)]);
    expect(await db().images.get(IMG(1))).toBeDefined();
  });
});

describe('discardJob (a save that cannot finish, e.g. a full disk)', () => {
  it('drops the job and only the images no saved post uses', async () => {
    const kept = IMG(1);
    const orphan = IMG(2);
    await storeImage({ url: kept, blob: png('k'), type: 'image/png', size: 1, storedAt: 1 });
    await storeImage({ url: orphan, blob: png('o'), type: 'image/png', size: 1, storedAt: 1 });
    await db().postImages.put({ key: 'answer:1', url: kept });
    const j = job([kept, orphan]);
    await db().outbox.put(j);
    await discardJob(j);
    expect(await db().outbox.count()).toBe(0);
    expect(await db().images.toCollection().primaryKeys()).toEqual([kept]);
  });
});

describe('the author\'s avatar', () => {
  const AVATAR = 'https://pica.zhimg.com/v2-avatar_l.jpg';
  const withAvatar = (id: string, images: string[]): OutboxRow => {
    const item = capture(id, { images, author: { name: '作者', url: 'https://www.zhihu.com/people/a', avatar: AVATAR, headline: '' } });
    return { id: `save:answer:${id}`, kind: 'save', key: `answer:${id}`, item, pending: images, attempts: 0, nextAttemptAt: 0, createdAt: 0 };
  };

  it('is stored once for all the author\'s posts and freed only with the last of them', async () => {
    await runSave(withAvatar('1', [IMG(1)]), settings, () => undefined, () => 1);
    await runSave(withAvatar('2', []), settings, () => undefined, () => 2);
    expect(fetched.filter((u) => u === AVATAR)).toHaveLength(1);
    expect((await db().images.get(AVATAR))?.blob.size).toBe(png(AVATAR).size);
    expect(await db().postImages.where('url').equals(AVATAR).primaryKeys()).toHaveLength(2);
    await purgeImagesOf(await deletePosts(['answer:1']));
    expect(await db().images.get(AVATAR)).toBeDefined();
    await purgeImagesOf(await deletePosts(['answer:2']));
    expect(await db().images.get(AVATAR)).toBeUndefined();
  });

  it('that fails to download leaves the post complete, with no marker and no retry', async () => {
    failing = new Set([AVATAR]);
    const result = await runSave(withAvatar('3', [IMG(3)]), settings, () => undefined, () => 3);
    expect(result).toMatchObject({ missingImages: 0, complete: true });
    expect((await getFullPost('answer:3'))?.meta.missingImages).toEqual([]);
    expect(await db().outbox.count()).toBe(0);
    expect(await db().images.get(AVATAR)).toBeUndefined();
  });
});
