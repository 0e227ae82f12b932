/**
 * When an automatic sync runs (issue #16): 30 s after the last save (each save pushes it back, so a batch
 * syncs once it is done), and every 30 minutes, while 自动同步 is on. Two alarms; none while it is off.
 * Used by the worker (after saves, at start) and by the panel (when the setting changes).
 */
import { loadSyncConfig } from './config';

export const SYNC_ALARM = 'zo-sync';
export const SYNC_SOON_ALARM = 'zo-sync-soon';
const SOON_MS = 30_000;
const EVERY_MINUTES = 30;

/** When syncSoon last pushed the alarm back: saves in a row (a batch) push it at most once a second. */
let pushedAt = 0;

/** A save happened: an automatic sync 30 s from now (the alarm is replaced, so saves in a row push it back). */
export async function syncSoon(): Promise<void> {
  const now = Date.now();
  if (now - pushedAt < 1_000 && now >= pushedAt) return;
  pushedAt = now;
  if ((await loadSyncConfig())?.auto) await chrome.alarms.create(SYNC_SOON_ALARM, { when: now + SOON_MS });
}

/** The periodic alarm follows the setting. */
export async function followSyncSetting(): Promise<void> {
  if ((await loadSyncConfig())?.auto) {
    if (!(await chrome.alarms.get(SYNC_ALARM))) await chrome.alarms.create(SYNC_ALARM, { periodInMinutes: EVERY_MINUTES });
  } else {
    await chrome.alarms.clear(SYNC_ALARM);
    await chrome.alarms.clear(SYNC_SOON_ALARM);
  }
}
