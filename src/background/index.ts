/** Background service worker: the only writer of the library. */
import { onInstalled } from './first-run';
import { createMenus, onCommand, onMenuClicked } from './menus';
import { BATCH_ALARM, resumeBatches } from './batch/engine';
import { resumeClickComments } from './comments/save-comments';
import { OUTBOX_ALARM, processDue } from './queue';
import { handleMessage } from './router';
import { autoSync } from './sync';
import { followSyncSetting, SYNC_ALARM, SYNC_SOON_ALARM } from '../sync/schedule';
import { dropStaleStages, sweepOrphanImages } from '../storage/images';
import { WATCH_ALARM, syncWatchAlarm, tickWatch } from './watch/schedule';
import { onSettingsChanged } from '../settings';

const SWEEP_ALARM = 'zo-sweep';

// Answered through sendResponse (and `return true`): Chrome's own chrome.* API does not take a listener's promise
// as its answer, Firefox's does; this form works in both.
chrome.runtime.onMessage.addListener((message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
  void handleMessage(message, sender).then(sendResponse);
  return true;
});

// Nobody connects ports to us; refuse any (a stray one would only keep the worker awake).
chrome.runtime.onConnect.addListener((port) => port.disconnect());

// Context menu "保存此回答" and the save-in-view shortcut (issue #5); open Zhihu tabs get their buttons.
chrome.runtime.onInstalled.addListener((details) => {
  createMenus();
  onInstalled(details);
  // Daily: free image blobs nothing refers to any more (see sweepOrphanImages).
  void chrome.alarms.create(SWEEP_ALARM, { periodInMinutes: 24 * 60 });
});
chrome.contextMenus.onClicked.addListener(onMenuClicked);
chrome.commands.onCommand.addListener(onCommand);

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === OUTBOX_ALARM) void processDue();
  if (alarm.name === BATCH_ALARM) void resumeBatches().catch((e: unknown) => console.warn('[zhihu-offline] batch resume failed', e));
  if (alarm.name === WATCH_ALARM) void tickWatch().catch((e: unknown) => console.warn('[zhihu-offline] watch failed', e));
  if (alarm.name === SYNC_ALARM || alarm.name === SYNC_SOON_ALARM) void autoSync().catch((e: unknown) => console.warn('[zhihu-offline] automatic sync failed', e));
  if (alarm.name === SWEEP_ALARM) void sweepOrphanImages().catch((e: unknown) => console.warn('[zhihu-offline] sweep failed', e));
});

// Every start of the worker (browser start, wake after being stopped) resumes unfinished work.
void processDue().catch((e: unknown) => console.warn('[zhihu-offline] resume failed', e));
// Batches too (issue #14): from the cursor each one stored, after its saves in the outbox were resumed above.
void resumeBatches().catch((e: unknown) => console.warn('[zhihu-offline] batch resume failed', e));
// Comments of click-saves that a stopped worker left half-fetched (issue #17).
void resumeClickComments().catch((e: unknown) => console.warn('[zhihu-offline] comments resume failed', e));
// Posts an import staged before its page died (issue #15, import-stage.ts): unless an import runs now.
void dropStaleStages().catch((e: unknown) => console.warn('[zhihu-offline] stale import stage not cleared', e));
// The watch (issue #17): a check a stopped worker left goes on, a due one starts; turning the setting on or
// off sets its alarm at once.
void tickWatch().catch((e: unknown) => console.warn('[zhihu-offline] watch failed', e));
onSettingsChanged(() => void syncWatchAlarm().catch((e: unknown) => console.warn('[zhihu-offline] watch alarm', e)));
// Automatic sync (issue #16): its periodic alarm follows the setting.
void followSyncSetting().catch((e: unknown) => console.warn('[zhihu-offline] sync alarm', e));
