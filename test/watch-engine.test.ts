// @vitest-environment node
// The watch's checks (issue #17) on fake-indexeddb with a scripted Zhihu: each saved item asked once, its
// Zhihu state stored with the time seen, an edited one saved again through the save path with its earlier
// version kept as a revision (or only marked: keep mine), deleted / hidden ones never touched; verification
// pauses with the item pending and 继续 asks only what is left; a stopped check goes on where it was.
// Node has no DOMParser, so an edited item is read through the tab path, as in Chromium's worker.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZhihuOutcome } from '../src/background/zhihu-response';
import type { CapturedItem } from '../src/extract/types';
import type { PostKey } from '../src/storage/types';
import { capture, clearDatabase } from './support/storage';

const script = vi.hoisted(() => ({ outcomes: [] as { url: string; outcome: unknown }[], requested: [] as string[], lanes: [] as string[], saved: [] as string[], settings: {} as Record<string, unknown>, tabs: [{ id: 1 }] as { id: number }[] }));

vi.stubGlobal('chrome', {
  tabs: {
    query: async () => script.tabs,
    // The content script's answer: the raw object, normalized (its id, content and updated_time).
    // A tab that is not open any more has nobody to answer, as in Chrome.
    sendMessage: async (tab: number, e: { object: { id: string; content: string; updated_time: number } }) => {
      if (!script.tabs.some((t) => t.id === tab)) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { item: { ...capture(e.object.id), contentHtml: e.object.content, updatedAt: e.object.updated_time * 1000, topics: [], contentSource: 'api' } };
    },
  },
  i18n: { getMessage: (key: string) => key },
  alarms: { get: async () => undefined, create: async () => undefined, clear: async () => true },
  storage: { local: { get: async () => ({ settings: script.settings }) } },
});
vi.mock('../src/background/zhihu', () => ({
  zhihu: {
    whenNoClick: async () => undefined,
    request: async (lane: string, url: string, proceed: () => Promise<boolean>): Promise<ZhihuOutcome> => {
      if (!(await proceed())) return { kind: 'dropped', detail: '' };
      script.requested.push(url);
      script.lanes.push(lane);
      const i = script.outcomes.findIndex((o) => o.url === url);
      if (i < 0) throw new Error(`unscripted ${url}`);
      return script.outcomes.splice(i, 1)[0]!.outcome as ZhihuOutcome;
    },
  },
}));
vi.mock('../src/background/queue', async () => {
  const { commitPost } = await import('../src/storage/commit');
  const { toPostRow } = await import('../src/storage/seed-shape');
  return {
    submitSave: async (item: CapturedItem) => {
      script.saved.push(`${item.kind}:${item.id}`);
      await commitPost(toPostRow(item, Date.now(), []), item.contentHtml, null, Date.now());
      return { key: `${item.kind}:${item.id}` };
    },
  };
});

const { startWatch, resumeWatch } = await import('../src/background/watch/control');
const { runWatch, resumeWatches, resumeWatchForTab } = await import('../src/background/watch/engine');
const { getRun, getZhihuState, unfinishedRun } = await import('../src/storage/watch');
const { commitPost } = await import('../src/storage/commit');
const { toPostRow } = await import('../src/storage/seed-shape');
const { db } = await import('../src/storage/db');
const { watchUrl } = await import('../src/shared/zhihu-api');

const UPDATED = Date.UTC(2024, 0, 2) / 1000;
const url = (id: string): string => watchUrl('answer', id) ?? '';
/** Zhihu's object for a saved answer (capture(id)): the same text and time unless told otherwise. */
const object = (id: string, over: Record<string, unknown> = {}): ZhihuOutcome => ({
  kind: 'ok',
  json: { type: 'answer', id, content: `<p data-pid="x">正文 ${id}</p>`, updated_time: UPDATED, is_collapsed: false, is_normal: true, paid_info: { type: '' }, question: { id: '1', title: 'q' }, ...over },
});
const gone: ZhihuOutcome = { kind: 'unexpected', detail: 'HTTP 404', status: 404, json: { error: { code: 404 } } };

async function savePosts(ids: string[]): Promise<void> {
  for (const id of ids) await commitPost(toPostRow(capture(id), 1_000, []), capture(id).contentHtml, null, 1_000);
}

async function contentOf(id: string): Promise<string | undefined> {
  return (await db().contents.get(`answer:${id}` as PostKey))?.content;
}

async function check(keys: string[] | null = null): Promise<string> {
  const summary = await startWatch(keys?.map((k) => `answer:${k}` as PostKey) ?? null, 'manual');
  if (!summary) throw new Error('nothing to check');
  await runWatch(summary.id);
  return summary.id;
}

beforeEach(async () => {
  await clearDatabase();
  Object.assign(script, { outcomes: [], requested: [], lanes: [], saved: [], settings: {}, tabs: [{ id: 1 }] });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('watch engine', () => {
  it('one saved answer unchanged, one edited, one deleted, one hidden: four states, the edited one saved again with a revision, the others untouched', async () => {
    await savePosts(['1', '2', '3', '4']);
    script.outcomes.push(
      { url: url('1'), outcome: object('1') },
      { url: url('2'), outcome: object('2', { updated_time: UPDATED + 86_400, content: '<p data-pid="x">正文 2，改过了</p>' }) },
      { url: url('3'), outcome: gone },
      { url: url('4'), outcome: object('4', { is_collapsed: true }) },
    );
    const id = await check();
    expect(script.requested.sort()).toEqual(['1', '2', '3', '4'].map(url).sort());
    expect(new Set(script.lanes)).toEqual(new Set(['watch']));
    expect(await getRun(id)).toMatchObject({ state: 'done', total: 4, counts: { checked: 4, visible: 1, edited: 1, deleted: 1, hidden: 1, paid: 0, unreachable: 0, resaved: 1 } });
    const states = await Promise.all(['1', '2', '3', '4'].map(async (k) => (await getZhihuState(`answer:${k}` as PostKey))?.state));
    expect(states).toEqual(['visible', 'edited', 'deleted', 'hidden']);
    expect(script.saved).toEqual(['answer:2']);
    expect(await contentOf('2')).toBe('<p data-pid="x">正文 2，改过了</p>');
    const revisions = await db().revisions.where('key').equals('answer:2').toArray();
    expect(revisions.map((r) => r.content)).toEqual(['<p data-pid="x">正文 2</p>']);
    // Deleted and hidden: exactly what was saved.
    expect(await contentOf('3')).toBe('<p data-pid="x">正文 3</p>');
    expect(await contentOf('4')).toBe('<p data-pid="x">正文 4</p>');
  });

  it('mark only, keep mine: the edited item is marked, nothing is saved', async () => {
    await savePosts(['2']);
    script.settings = { watchKeepMine: true };
    script.outcomes.push({ url: url('2'), outcome: object('2', { updated_time: UPDATED + 60, content: '<p>新</p>' }) });
    const id = await check();
    expect(await getRun(id)).toMatchObject({ keepMine: true, counts: { edited: 1, resaved: 0 } });
    expect(script.saved).toEqual([]);
    expect(await contentOf('2')).toBe('<p data-pid="x">正文 2</p>');
    expect((await getZhihuState('answer:2' as PostKey))?.state).toBe('edited');
  });

  it('verification midway pauses with the item pending; 继续 asks only what is left, each item answered once', async () => {
    await savePosts(['1', '2', '3']);
    script.outcomes.push({ url: url('1'), outcome: object('1') }, { url: url('2'), outcome: { kind: 'verify', detail: 'anti-bot page' } });
    const id = await check();
    expect(await getRun(id)).toMatchObject({ state: 'paused', reason: 'verify', detail: 'anti-bot page', counts: { checked: 1 } });
    expect(script.requested).toEqual([url('1'), url('2')]);
    script.outcomes.push({ url: url('2'), outcome: object('2') }, { url: url('3'), outcome: gone });
    await resumeWatch(id);
    await runWatch(id);
    expect(script.requested).toEqual([url('1'), url('2'), url('2'), url('3')]);
    expect(await getRun(id)).toMatchObject({ state: 'done', counts: { checked: 3, visible: 2, deleted: 1 } });
  });

  it('a check stopped with the worker goes on from the first item not done when the worker starts again', async () => {
    await savePosts(['1', '2']);
    script.outcomes.push({ url: url('1'), outcome: object('1') }, { url: url('2'), outcome: { kind: 'login', detail: 'HTTP 401' } });
    const id = await check();
    // As a stopped worker leaves it: still "running" in IndexedDB, nothing running in memory.
    await db().watchRuns.update(id, { state: 'running', reason: null });
    script.outcomes.push({ url: url('2'), outcome: object('2') });
    await resumeWatches();
    await vi.waitFor(async () => expect((await getRun(id))?.state).toBe('done'));
    expect(script.requested).toEqual([url('1'), url('2'), url('2')]);
    expect((await getRun(id))?.counts.visible).toBe(2);
  });

  it('an edited item with no Zhihu tab to read it: the check waits (需要一个打开的知乎页面) and saves it without asking again once a tab is there', async () => {
    await savePosts(['2']);
    script.tabs = [];
    script.outcomes.push({ url: url('2'), outcome: object('2', { updated_time: UPDATED + 60, content: '<p>新</p>' }) });
    const id = await check();
    expect(await getRun(id)).toMatchObject({ state: 'paused', reason: 'no-tab' });
    script.tabs = [{ id: 1 }];
    await resumeWatchForTab();
    await vi.waitFor(async () => expect((await getRun(id))?.state).toBe('done'));
    expect(script.requested).toEqual([url('2')]);
    expect(await contentOf('2')).toBe('<p>新</p>');
    expect(await getRun(id)).toMatchObject({ counts: { edited: 1, resaved: 1 } });
  });

  it('a state seen again keeps the day it was first seen; a change of state starts a new one', async () => {
    await savePosts(['3']);
    script.outcomes.push({ url: url('3'), outcome: gone });
    await check();
    const first = await getZhihuState('answer:3' as PostKey);
    await new Promise((r) => setTimeout(r, 5));
    script.outcomes.push({ url: url('3'), outcome: gone });
    await check();
    const second = await getZhihuState('answer:3' as PostKey);
    expect(second?.since).toBe(first?.since);
    expect(second!.checkedAt).toBeGreaterThan(first!.checkedAt);
    script.outcomes.push({ url: url('3'), outcome: object('3') });
    await check();
    expect((await getZhihuState('answer:3' as PostKey))?.since).toBeGreaterThan(first!.since);
  });

  it('立即检查 of a selection asks only for it; asking while a check is paused resumes that one', async () => {
    await savePosts(['1', '2', '3']);
    script.outcomes.push({ url: url('2'), outcome: { kind: 'verify', detail: 'x' } });
    const id = await check(['2', '3']);
    expect(await getRun(id)).toMatchObject({ scope: 'selection', total: 2, state: 'paused' });
    script.outcomes.push({ url: url('2'), outcome: object('2') }, { url: url('3'), outcome: object('3') });
    const again = await startWatch(null, 'manual');
    expect(again?.id).toBe(id);
    await runWatch(id);
    expect(await unfinishedRun()).toBeUndefined();
    expect(script.requested).not.toContain(url('1'));
  });

  it('a 5xx is tried 3 times, then the check pauses saying so; an answer it cannot read counts as unreachable and the check goes on', async () => {
    await savePosts(['1', '2']);
    for (let i = 0; i < 3; i++) script.outcomes.push({ url: url('1'), outcome: { kind: 'retry', detail: 'HTTP 502' } });
    const id = await check();
    expect(await getRun(id)).toMatchObject({ state: 'paused', reason: 'server' });
    script.outcomes.push({ url: url('1'), outcome: { kind: 'unexpected', detail: 'HTTP 400', status: 400 } }, { url: url('2'), outcome: object('2') });
    await resumeWatch(id);
    await runWatch(id);
    expect(await getRun(id)).toMatchObject({ state: 'done', counts: { checked: 1, unreachable: 1 } });
    expect(await getZhihuState('answer:1' as PostKey)).toBeUndefined();
  }, 15_000);

  it('a batch the user started goes first: while one runs, the check asks Zhihu nothing, then goes on', async () => {
    await savePosts(['1']);
    await db().batches.put({ id: 'question:9', state: 'running' } as never);
    script.outcomes.push({ url: url('1'), outcome: object('1') });
    const summary = await startWatch(null, 'manual');
    const run = runWatch(summary!.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(script.requested).toEqual([]);
    await db().batches.update('question:9', { state: 'done' });
    await run;
    expect(script.requested).toEqual([url('1')]);
    expect((await getRun(summary!.id))?.state).toBe('done');
  }, 15_000);
});
