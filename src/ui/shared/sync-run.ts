/**
 * One sync with the saved server (issue #16), wherever there is a DOM to run it: the library page's 立即同步,
 * and the automatic syncs (an offscreen document in Chromium, the event page in Firefox). Merging what
 * another device sent passes the import's cleaner, which needs a DOM. One sync at a time across all of
 * them: a Web Lock; a second one finds it taken and does nothing. Where its settings and state are kept
 * comes in as `SyncStore`: an offscreen document has no chrome.storage and asks the worker instead.
 */
import { loadSyncConfig, loadSyncState, saveSyncState, type SyncConfig, type SyncLast } from '../../sync/config';
import { runSync, type SyncProgress, type SyncReport, type SyncState } from '../../sync/engine';
import { DavClient } from '../../sync/webdav';
import { syncLocal } from '../library/sync-local';

const LOCK = 'zhihu-offline-sync';

export interface SyncStore {
  load(): Promise<{ config: SyncConfig | null; state: SyncState }>;
  save(state: SyncState, last: SyncLast): Promise<void>;
}

/** Extension pages and Firefox's event page: chrome.storage.local itself. */
export const storageSyncStore: SyncStore = {
  load: async () => ({ config: await loadSyncConfig(), state: await loadSyncState() }),
  save: saveSyncState,
};

/** The report, or null when sync is not set up or another sync is running. Throws DavError on a server failure. */
export async function runConfiguredSync(store: SyncStore = storageSyncStore, onProgress: (p: SyncProgress) => void = () => undefined): Promise<SyncReport | null> {
  return navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return null;
    const { config, state } = await store.load();
    if (!config) return null;
    const result = await runSync(new DavClient(config), syncLocal, state, onProgress);
    await store.save(result.state, { at: Date.now(), report: result.report });
    return result.report;
  });
}
