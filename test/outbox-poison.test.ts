// @vitest-environment node
// Issue 19 item 6, the poison-job rule: a save that keeps failing, or never finishes (a stalled or killed
// worker), is parked after SAVE_MAX_RUNS runs with a reason, its capture kept, and never run again on its
// own; the user's retry runs it afresh, the user's discard removes it. Each "worker start" below is a
// fresh import of the queue (its in-memory state gone), on the same database.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Queue from '../src/background/queue';
import type * as RunSave from '../src/background/run-save';
import type { SaveResult } from '../src/messaging/protocol';
import { db } from '../src/storage/db';
import { discardJob, PARKED_AT, parkedJobs, unparkJob } from '../src/storage/outbox';
import type { OutboxRow } from '../src/storage/types';
import { capture, clearDatabase } from './support/storage';

const alarms = vi.hoisted(() => ({ created: [] as number[] }));
// The extension API the code calls (chrome.*), as far as these tests reach it.
vi.stubGlobal('chrome', {
  storage: { local: { get: async () => ({}) } },
  alarms: { create: async (_: string, a: { when: number }) => void alarms.created.push(a.when), clear: async () => true },
});

type Behaviour = 'throw' | 'hang' | 'real';
const save = vi.hoisted(() => ({ behaviour: 'throw' as Behaviour, calls: 0, started: (): void => undefined }));
vi.mock('../src/background/run-save', async (original) => {
  const real = await original<typeof RunSave>();
  return {
    ...real,
    runSave: (...args: Parameters<typeof real.runSave>): Promise<SaveResult> => {
      save.calls++;
      save.started();
      if (save.behaviour === 'throw') return Promise.reject(new Error('commit failed'));
      if (save.behaviour === 'hang') return new Promise<SaveResult>(() => undefined);
      return real.runSave(...args);
    },
  };
});

/** A worker start: a fresh queue module over the same database. */
async function workerStart(): Promise<typeof Queue> {
  vi.resetModules();
  return import('../src/background/queue');
}

const KEY = 'answer:7';
const job = (): OutboxRow => ({ id: `save:${KEY}`, kind: 'save', key: KEY, item: capture('7', { contentHtml: '<p>hostile</p>' }), pending: [], attempts: 0, nextAttemptAt: 0, createdAt: 0 });

beforeEach(async () => {
  await clearDatabase();
  save.behaviour = 'throw';
  save.calls = 0;
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('the poison-job rule', () => {
  it('parks a save that fails every run after 3 runs, with the reason and the capture, and never runs it again', async () => {
    const queue = await workerStart();
    await expect(queue.submitSave(job().item!, () => undefined, 1_000)).rejects.toThrow('commit failed');
    let stored = await db().outbox.get(`save:${KEY}`);
    expect(stored).toMatchObject({ attempts: 1, lastError: 'commit failed' });
    expect(stored!.nextAttemptAt).toBeGreaterThan(Date.now()); // backoff, not due at once
    const later = Date.now() + 24 * 3_600_000;
    await queue.processDue(later);
    await queue.processDue(later);
    expect(save.calls).toBe(3);
    stored = await db().outbox.get(`save:${KEY}`);
    expect(stored).toMatchObject({ nextAttemptAt: PARKED_AT, parked: { reason: 'failing', detail: 'commit failed' } });
    expect(stored!.item?.contentHtml).toBe('<p>hostile</p>');
    // Neither the alarm, nor a worker start, nor a status request runs it again.
    const next = await workerStart();
    await next.processDue(later * 2);
    expect(await next.isSavePending(KEY)).toBe(false);
    expect(save.calls).toBe(3);
    expect(Math.max(...alarms.created)).toBeLessThan(PARKED_AT);
    expect((await parkedJobs()).map((j) => j.id)).toEqual([`save:${KEY}`]);
  });

  it('parks a save whose runs never end (the worker stalls or is killed in it) as stalled, at the 4th start', async () => {
    await db().outbox.put(job());
    save.behaviour = 'hang';
    for (let start = 1; start <= 3; start++) {
      const queue = await workerStart();
      const running = new Promise<void>((resolve) => (save.started = resolve));
      void queue.processDue(Date.now());
      await running; // the worker dies here, in the middle of the run
      expect((await db().outbox.get(`save:${KEY}`))?.attempts).toBe(start);
    }
    const queue = await workerStart();
    await queue.processDue(Date.now());
    expect(save.calls).toBe(3);
    expect(await db().outbox.get(`save:${KEY}`)).toMatchObject({ nextAttemptAt: PARKED_AT, parked: { reason: 'stalled' } });
  });

  it('the user can retry a parked save (it then runs afresh and commits) or discard it', async () => {
    await db().outbox.put({ ...job(), attempts: 3, nextAttemptAt: PARKED_AT, parked: { reason: 'stalled', at: 1, detail: 'x' } });
    await unparkJob(`save:${KEY}`, Date.now());
    const unparked = await db().outbox.get(`save:${KEY}`);
    expect(unparked).toMatchObject({ attempts: 0 });
    expect(unparked && 'parked' in unparked).toBe(false);
    save.behaviour = 'real';
    await (await workerStart()).processDue(Date.now());
    expect(await db().outbox.count()).toBe(0);
    expect(await db().posts.get(KEY)).toBeDefined();

    await db().outbox.put({ ...job(), key: 'answer:8', id: 'save:answer:8', nextAttemptAt: PARKED_AT, parked: { reason: 'failing', at: 1, detail: 'x' } });
    await discardJob((await db().outbox.get('save:answer:8'))!);
    expect(await db().outbox.count()).toBe(0);
  });
});

describe('the stall budget', () => {
  it('rejects a run without progress for the budget, and not one that keeps making progress', async () => {
    const { withStallBudget, StallError } = await import('../src/background/poison');
    await expect(withStallBudget(() => new Promise(() => undefined), 30)).rejects.toBeInstanceOf(StallError);
    const steady = withStallBudget(async (progress) => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 15));
        progress();
      }
      return 'done';
    }, 30);
    await expect(steady).resolves.toBe('done');
  });

  it('a stalled last run parks the job as stalled', async () => {
    const { endFailedRun, StallError } = await import('../src/background/poison');
    await db().outbox.put({ ...job(), attempts: 3 });
    await endFailedRun({ ...job(), attempts: 3 }, new StallError(180_000), 5);
    expect(await db().outbox.get(`save:${KEY}`)).toMatchObject({ nextAttemptAt: PARKED_AT, parked: { reason: 'stalled', at: 5 } });
  });
});
