// @vitest-environment node
// The batch engine (#14) on fake-indexeddb with a scripted Zhihu: it follows the pages to is_end, saves
// each item once through the save path, skips what is unchanged, pauses (never loops) on verification,
// and tries a 5xx or a dropped connection 3 times before pausing. Node has no DOMParser, so API items go
// through the tab path, as in Chromium's worker.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZhihuOutcome } from '../src/background/zhihu-response';
import type { CapturedItem } from '../src/extract/types';
import { capture, clearDatabase } from './support/storage';

const script = vi.hoisted(() => ({ outcomes: [] as { url: string; outcome: unknown }[], requested: [] as string[], lanes: [] as string[], saved: [] as string[], settings: {} as Record<string, unknown>, slowSaveMs: 0 }));

// The extension API the code calls (chrome.*), as far as these tests reach it.
vi.stubGlobal('chrome', {
  tabs: {
    query: async () => [{ id: 1 }],
    // The content script's answer: the raw object, normalized (here: a capture with its id and updated_time).
    sendMessage: async (_tab: number, e: { object: { id: number; updated_time: number } }) => ({
      item: { ...capture(String(e.object.id)), updatedAt: e.object.updated_time * 1000, contentSource: 'api' },
    }),
  },
  action: { setBadgeText: async () => undefined },
  i18n: { getMessage: (key: string) => key, getUILanguage: () => 'zh-CN' },
  alarms: { get: async () => ({}), create: async () => undefined, clear: async () => true },
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
      // A save takes a while (images, the commit): long enough for the next items to start meanwhile.
      if (script.slowSaveMs) await new Promise((r) => setTimeout(r, script.slowSaveMs));
      await commitPost(toPostRow(item, Date.now(), []), item.contentHtml, null, Date.now());
      return { key: `${item.kind}:${item.id}` };
    },
  };
});

// The words of a batch's state come from _locales; their keys are enough here.

const { startBatch } = await import('../src/background/batch/control');
const { runBatch } = await import('../src/background/batch/engine');
const { getBatch } = await import('../src/storage/batches');

const P1 = 'https://www.zhihu.com/api/v4/questions/1/feeds?cursor=a';
const P2 = 'https://www.zhihu.com/api/v4/questions/1/feeds?cursor=b';
const answer = (id: number, updated = 1_704_153_600): Record<string, unknown> => ({ target: { type: 'answer', id, content: '<p>x</p>', updated_time: updated } });
const page = (ids: number[], next: string | null): ZhihuOutcome => ({ kind: 'ok', json: { data: ids.map((i) => answer(i)), paging: { is_end: next === null, next: next ?? '' } } });

async function run(): Promise<void> {
  await startBatch({ source: { kind: 'question', id: '1' }, next: P1, items: [capture('1'), capture('2')], total: 5, name: '', topics: ['话题'] }, 'https://www.zhihu.com/question/1', 1);
  await runBatch('question:1');
}

beforeEach(async () => {
  await clearDatabase();
  Object.assign(script, { outcomes: [], requested: [], lanes: [], saved: [], settings: {}, slowSaveMs: 0 });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('batch engine', () => {
  it('saves the page items, then each page to is_end, each item once', async () => {
    script.outcomes.push({ url: P1, outcome: page([3, 4], P2) }, { url: P2, outcome: page([5], null) });
    await run();
    expect(script.requested).toEqual([P1, P2]);
    expect(script.saved).toEqual(['answer:1', 'answer:2', 'answer:3', 'answer:4', 'answer:5']);
    expect(await getBatch('question:1')).toMatchObject({ state: 'done', next: null, pagesFetched: 2, counts: { saved: 5, skipped: 0 } });
  });

  it('an answer listed twice (a feed shifts as new answers come in) is one item of the batch, saved once while several save at once', async () => {
    script.slowSaveMs = 30;
    script.outcomes.push({ url: P1, outcome: page([3, 4], P2) }, { url: P2, outcome: page([4, 3, 5], null) });
    await run();
    expect([...script.saved].sort()).toEqual(['answer:1', 'answer:2', 'answer:3', 'answer:4', 'answer:5']);
    expect(await getBatch('question:1')).toMatchObject({ state: 'done', counts: { saved: 5, skipped: 0, failed: 0, unavailable: 0 } });
  });

  it('a re-run skips every unchanged item: nothing saved again', async () => {
    script.outcomes.push({ url: P1, outcome: page([3, 4], P2) }, { url: P2, outcome: page([5], null) });
    await run();
    script.saved = [];
    script.outcomes.push({ url: P1, outcome: page([3, 4], P2) }, { url: P2, outcome: page([5], null) });
    await run();
    expect(script.saved).toEqual([]);
    expect((await getBatch('question:1'))?.counts).toEqual({ saved: 0, skipped: 5, failed: 0, unavailable: 0 });
  });

  it('a worker stopped after the commits but before the outcomes were written: the resumed batch counts those items saved, saves nothing again', async () => {
    const { db } = await import('../src/storage/db');
    script.outcomes.push({ url: P1, outcome: page([3, 4], P2) }, { url: P2, outcome: page([5], null) });
    await run();
    // What such a worker leaves: every post committed, the items still pending with their capture, the counts at 0.
    const d = db();
    const rows = await d.batchItems.where('[batchId+seq]').between(['question:1', -Infinity], ['question:1', Infinity]).toArray();
    await d.batchItems.bulkPut(rows.map((r) => ({ ...r, state: 'pending' as const, item: capture(r.key.slice('answer:'.length)) })));
    await d.batches.update('question:1', { state: 'running', counts: { saved: 0, skipped: 0, failed: 0, unavailable: 0 } });
    script.saved = [];
    await runBatch('question:1');
    expect(script.saved).toEqual([]);
    expect(script.requested).toEqual([P1, P2]);
    expect(await getBatch('question:1')).toMatchObject({ state: 'done', counts: { saved: 5, skipped: 0, failed: 0, unavailable: 0 } });
  });

  it('verification needed: pauses after that one request; resume goes on from the same cursor', async () => {
    script.outcomes.push({ url: P1, outcome: page([3], P2) }, { url: P2, outcome: { kind: 'verify', detail: 'HTTP 403 code 40362' } });
    await run();
    expect(await getBatch('question:1')).toMatchObject({ state: 'paused', reason: 'verify', next: P2, detail: 'HTTP 403 code 40362' });
    expect(script.requested).toEqual([P1, P2]);
    const { resumeBatch } = await import('../src/background/batch/control');
    script.outcomes.push({ url: P2, outcome: page([5], null) });
    await resumeBatch('question:1', 1);
    await runBatch('question:1');
    expect(script.requested).toEqual([P1, P2, P2]);
    expect(await getBatch('question:1')).toMatchObject({ state: 'done', counts: { saved: 4 } });
  });

  it('a 5xx is tried 3 times with a growing wait, then the batch pauses saying so', async () => {
    for (let i = 0; i < 3; i++) script.outcomes.push({ url: P1, outcome: { kind: 'retry', detail: 'HTTP 502' } });
    await run();
    expect(script.requested).toEqual([P1, P1, P1]);
    expect(await getBatch('question:1')).toMatchObject({ state: 'paused', reason: 'server', next: P1 });
  }, 15_000);

  it('with 同时保存评论 on: each item\'s comments in the batch\'s lane; verification during comments pauses with the item pending, and 继续 fetches them again without saving it twice', async () => {
    const { rootCommentsUrl } = await import('../src/background/comments/read-page');
    const { getComments } = await import('../src/storage/comments');
    const { resumeBatch } = await import('../src/background/batch/control');
    const comments = (id: string): ZhihuOutcome => ({ kind: 'ok', json: { data: [{ id, content: `<p>${id}</p>`, created_time: 1, like_count: 2, author: { name: 'a' } }], paging: { is_end: true }, counts: { total_counts: 1 } } });
    script.settings = { saveComments: true };
    script.outcomes.push({ url: rootCommentsUrl('answer', '1'), outcome: comments('11') }, { url: rootCommentsUrl('answer', '2'), outcome: { kind: 'verify', detail: 'HTTP 403 code 40362' } });
    await startBatch({ source: { kind: 'question', id: '1' }, next: null, items: [capture('1'), capture('2')], total: 2, name: '', topics: [] }, 'https://www.zhihu.com/question/1', 1);
    // Changing the setting now does not change the batch: it was fixed at the start.
    script.settings = {};
    await runBatch('question:1');
    expect(await getBatch('question:1')).toMatchObject({ state: 'paused', reason: 'verify', counts: { saved: 1 } });
    expect(new Set(script.lanes)).toEqual(new Set(['question:1']));
    expect(await getComments('answer:1')).toMatchObject({ state: 'complete', kept: 1, total: 1 });
    expect(await getComments('answer:2')).toMatchObject({ state: 'missing', reason: 'verify', kept: 0 });
    script.outcomes.push({ url: rootCommentsUrl('answer', '2'), outcome: comments('22') });
    await resumeBatch('question:1', 1);
    await runBatch('question:1');
    expect(await getBatch('question:1')).toMatchObject({ state: 'done', counts: { saved: 2 } });
    expect(await getComments('answer:2')).toMatchObject({ state: 'complete', kept: 1 });
    expect(script.saved).toEqual(['answer:1', 'answer:2']);
    expect(script.requested).toEqual([rootCommentsUrl('answer', '1'), rootCommentsUrl('answer', '2'), rootCommentsUrl('answer', '2')]);
  });
});
