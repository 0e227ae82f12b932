// @vitest-environment node
// Sync's own storage (src/sync/config.ts): a device keeps its id from the first time it is asked for it, so a
// first sync killed before its state was kept carries on as the same device next time (issue #16, R33).
import { describe, expect, it, vi } from 'vitest';

const stored = vi.hoisted(() => new Map<string, unknown>());
vi.stubGlobal('chrome', {
  storage: {
    local: {
      get: async (key: string) => (stored.has(key) ? { [key]: stored.get(key) } : {}),
      set: async (items: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(items)) stored.set(k, structuredClone(v));
      },
    },
  },
});

const { loadSyncState } = await import('../src/sync/config');

describe('loadSyncState', () => {
  it('gives the same device id to a second sync when the first never kept its state', async () => {
    const first = await loadSyncState();
    expect(first.device).toMatch(/^[0-9a-f-]{36}$/);
    // The first sync is killed: nothing saved its state. The next one loads again.
    expect((await loadSyncState()).device).toBe(first.device);
  });
});
