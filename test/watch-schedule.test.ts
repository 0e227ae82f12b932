// @vitest-environment node
// When the watch checks on its own (issue #17): with 关注知乎上的变化 on, one check of everything per
// interval, counted from the last check of everything; never two at once; the alarm every hour while the
// watch is on, every minute while a check runs, none when off.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PostKey } from '../src/storage/types';
import { capture, clearDatabase } from './support/storage';

const env = vi.hoisted(() => ({ settings: {} as Record<string, unknown>, alarm: undefined as { delayInMinutes?: number; periodInMinutes?: number } | undefined, started: [] as string[] }));

vi.stubGlobal('chrome', {
  alarms: {
    get: async () => env.alarm,
    create: async (_name: string, info: { delayInMinutes: number; periodInMinutes: number }) => void (env.alarm = info),
    clear: async () => ((env.alarm = undefined), true),
  },
  storage: { local: { get: async () => ({ settings: env.settings }) } },
});
// The engine's run is not what is tested here: a started check is only recorded.
vi.mock('../src/background/watch/engine', () => ({
  runWatch: async (id: string) => void env.started.push(id),
  resumeWatches: async () => undefined,
  onRunChange: () => undefined,
}));

const { tickWatch, syncWatchAlarm } = await import('../src/background/watch/schedule');
const { getRun, setRunState, recentRuns } = await import('../src/storage/watch');
const { startWatch } = await import('../src/background/watch/control');
const { commitPost } = await import('../src/storage/commit');
const { toPostRow } = await import('../src/storage/seed-shape');

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);

beforeEach(async () => {
  await clearDatabase();
  Object.assign(env, { settings: {}, alarm: undefined, started: [] });
  for (const id of ['1', '2']) await commitPost(toPostRow(capture(id), 1_000, []), capture(id).contentHtml, null, 1_000);
  // An imported seed post has no Zhihu id: never asked about.
  await commitPost({ ...toPostRow(capture('3'), 1_000, []), key: 'answer:seed-5da02116db295c02' as PostKey }, '<p>x</p>', null, 1_000);
});

describe('watch schedule', () => {
  it('off (the default): no check, no alarm', async () => {
    await tickWatch(T0);
    expect(env.started).toEqual([]);
    expect(env.alarm).toBeUndefined();
  });

  it('on: a check of every saved post with a Zhihu id starts at once, the next only a week after it started', async () => {
    env.settings = { watchEnabled: true };
    await tickWatch(T0);
    expect(env.started).toEqual([`watch:${T0}`]);
    expect(await getRun(`watch:${T0}`)).toMatchObject({ trigger: 'schedule', scope: 'all', total: 2 });
    await setRunState(`watch:${T0}`, 'done', null);
    await tickWatch(T0 + 7 * DAY - 1);
    expect(env.started).toHaveLength(1);
    expect(env.alarm).toEqual({ delayInMinutes: 1, periodInMinutes: 60 });
    await tickWatch(T0 + 7 * DAY);
    expect(env.started).toEqual([`watch:${T0}`, `watch:${T0 + 7 * DAY}`]);
  });

  it('a check of a selection does not count as one of everything; an unfinished check is never doubled', async () => {
    await startWatch(['answer:1' as PostKey], 'manual', T0);
    await setRunState(`watch:${T0}`, 'done', null);
    env.settings = { watchEnabled: true, watchIntervalDays: 1 };
    await tickWatch(T0 + 1_000);
    expect((await recentRuns(5)).map((r) => r.scope)).toEqual(['all', 'selection']);
    // Paused (say, for verification): days later, still that one check, none started beside it.
    await setRunState(`watch:${T0 + 1_000}`, 'paused', 'verify');
    await tickWatch(T0 + 10 * DAY);
    expect(await recentRuns(5)).toHaveLength(2);
  });

  it('the alarm: every minute while a check runs (a stopped worker is woken to go on), none once the watch is off and nothing runs', async () => {
    env.settings = { watchEnabled: true };
    await tickWatch(T0);
    expect(env.alarm).toEqual({ delayInMinutes: 1, periodInMinutes: 1 });
    await setRunState(`watch:${T0}`, 'done', null);
    await syncWatchAlarm();
    expect(env.alarm).toEqual({ delayInMinutes: 1, periodInMinutes: 60 });
    env.settings = { watchEnabled: false };
    await syncWatchAlarm();
    expect(env.alarm).toBeUndefined();
  });
});
