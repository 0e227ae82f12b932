/**
 * Chromium's offscreen document for an automatic sync (issue #16): the worker opens it when a sync is due
 * (src/background/sync.ts), it runs one sync with a DOM at hand and hands the worker how it ended. An
 * offscreen document has chrome.runtime only, so the settings and state come from the worker and go back
 * to it; the library itself is IndexedDB, which it has.
 */
import { send } from '../../messaging/client';
import { DavError } from '../../sync/webdav';
import { runConfiguredSync, type SyncStore } from '../shared/sync-run';

let outcome: { state: unknown; last: unknown } | null = null;

const viaWorker: SyncStore = {
  load: async () => {
    const got = await send('sync/load', {});
    return { config: got.config, state: got.state };
  },
  save: async (state, last) => {
    outcome = { state, last };
  },
};

async function main(): Promise<void> {
  let failure: string | null = null;
  try {
    await runConfiguredSync(viaWorker);
  } catch (e) {
    if (!(e instanceof DavError)) console.warn('[zhihu-offline] automatic sync failed', e);
    failure = e instanceof DavError ? e.kind : 'other';
  }
  await send('sync/finished', { state: outcome?.state ?? null, last: outcome?.last ?? null, failure });
}

void main();
