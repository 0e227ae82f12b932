// @vitest-environment node
// Saves of one item run one after another, never side by side: a click-save of an answer a batch is saving
// at that moment, or two clicks on it, would otherwise both pass the wait for "a save of this key is running"
// while the first is still putting its job, and both download its images.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as RunSave from '../src/background/run-save';
import type { SaveResult } from '../src/messaging/protocol';
import { db } from '../src/storage/db';
import { capture, clearDatabase } from './support/storage';

vi.stubGlobal('chrome', {
  storage: { local: { get: async () => ({}) } },
  alarms: { create: async () => undefined, clear: async () => true },
});

const save = vi.hoisted(() => ({ calls: 0, active: 0, most: 0 }));
vi.mock('../src/background/run-save', async (original) => {
  const real = await original<typeof RunSave>();
  return {
    ...real,
    // A save that takes a while (its images, its commit), ending as a real one does: its job committed away.
    runSave: async (job: Parameters<typeof real.runSave>[0]): Promise<SaveResult> => {
      save.calls++;
      save.most = Math.max(save.most, ++save.active);
      await new Promise((r) => setTimeout(r, 30));
      await db().outbox.delete(job.id);
      save.active--;
      return { key: job.key, images: 0, missingImages: 0, complete: true, incompleteReason: null };
    },
  };
});

const { submitSave } = await import('../src/background/queue');

beforeEach(async () => {
  await clearDatabase();
  Object.assign(save, { calls: 0, active: 0, most: 0 });
});

describe('saves of one key', () => {
  it('two saves of the same answer asked for at once run one after the other', async () => {
    const item = capture('7');
    await Promise.all([submitSave(item, () => undefined), submitSave(item, () => undefined), submitSave(item, () => undefined)]);
    expect(save.calls).toBe(3);
    expect(save.most).toBe(1);
    expect(await db().outbox.count()).toBe(0);
  });

  it('saves of different answers still run side by side', async () => {
    await Promise.all([submitSave(capture('7'), () => undefined), submitSave(capture('8'), () => undefined)]);
    expect(save.calls).toBe(2);
    expect(save.most).toBe(2);
  });
});
