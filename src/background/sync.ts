/**
 * Automatic syncs (issue #16), started by their alarms (src/sync/schedule.ts). A sync merges what other
 * devices sent through the import's cleaner, which needs a DOM: Chromium's worker has none, so it opens an
 * offscreen document that runs the sync (src/ui/offscreen) and closes it when told it is done; Firefox's
 * event page has a DOM and runs it itself.
 */
import { loadSyncConfig, loadSyncState, recordSyncFailure, saveSyncState, type SyncConfig, type SyncLast } from '../sync/config';
import type { SyncState } from '../sync/engine';
import { DavError } from '../sync/webdav';

const OFFSCREEN = 'src/ui/offscreen/offscreen.html';

export async function autoSync(): Promise<void> {
  if (!(await loadSyncConfig())?.auto) return;
  if (chrome.offscreen) {
    // One at a time: a document still open is a sync still running.
    if (await chrome.offscreen.hasDocument()) return;
    await chrome.offscreen.createDocument({
      url: OFFSCREEN,
      reasons: [chrome.offscreen.Reason.DOM_PARSER],
      justification: 'Posts synced from the user\'s own WebDAV server are cleaned with the HTML cleaner before they are stored.',
    });
    return;
  }
  const { runConfiguredSync } = await import('../ui/shared/sync-run');
  await runConfiguredSync().catch(async (e: unknown) => {
    if (!(e instanceof DavError)) console.warn('[zhihu-offline] automatic sync failed', e);
    await recordSyncFailure(e instanceof DavError ? e.kind : 'other');
  });
}

/** What the offscreen document's sync starts from. */
export async function syncLoad(): Promise<{ config: SyncConfig | null; state: SyncState }> {
  return { config: await loadSyncConfig(), state: await loadSyncState() };
}

/** The offscreen document's sync ended: its outcome is stored, and the document closed. */
export async function syncFinished(state: SyncState | null, last: SyncLast | null, failure: string | null): Promise<null> {
  try {
    if (state && last) await saveSyncState(state, last);
    else if (failure) await recordSyncFailure(failure);
  } finally {
    if (chrome.offscreen && (await chrome.offscreen.hasDocument())) await chrome.offscreen.closeDocument();
  }
  return null;
}
