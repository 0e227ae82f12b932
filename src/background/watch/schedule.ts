/**
 * When checks happen (issue #17): with 关注知乎上的变化 on, one check of everything per interval (default
 * weekly), counted from the start of the last check of everything. One alarm does it all: every hour while
 * the watch is on (an hourly wake costs nothing noticeable), every minute while a check runs (so a stopped
 * worker is woken to go on, as batches are), none otherwise.
 */
import { loadSettings } from '../settings';
import { recentRuns, runsIn, unfinishedRun } from '../../storage/watch';
import { startWatch } from './control';
import { onRunChange, resumeWatches } from './engine';

export const WATCH_ALARM = 'zo-watch';
const DAY = 86_400_000;

/** Worker start and the alarm: go on with a stopped check, start a due one, set the alarm to match. */
export async function tickWatch(now = Date.now()): Promise<void> {
  onRunChange(() => void syncWatchAlarm().catch((e: unknown) => console.warn('[zhihu-offline] watch alarm', e)));
  await resumeWatches();
  await startIfDue(now);
  await syncWatchAlarm();
}

async function startIfDue(now: number): Promise<void> {
  const { watchEnabled, watchIntervalDays } = await loadSettings();
  if (!watchEnabled || (await unfinishedRun())) return;
  // A check of a selection does not stand for one of everything.
  const last = (await recentRuns(50)).find((r) => r.scope === 'all');
  if (last && now - last.createdAt < watchIntervalDays * DAY) return;
  await startWatch(null, 'schedule', now);
}

export async function syncWatchAlarm(): Promise<void> {
  const busy = (await runsIn('running')).length > 0;
  const period = busy ? 1 : (await loadSettings()).watchEnabled ? 60 : null;
  const current = await chrome.alarms.get(WATCH_ALARM);
  if (period === null) {
    if (current) await chrome.alarms.clear(WATCH_ALARM);
    return;
  }
  // The first tick a minute from now: turning the watch on starts its first check soon, not an hour later.
  if (current?.periodInMinutes !== period) await chrome.alarms.create(WATCH_ALARM, { delayInMinutes: 1, periodInMinutes: period });
}
