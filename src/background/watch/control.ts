/** Start, pause, resume and cancel of a check (issue #17), as the router and the schedule call them. */
import type { WatchSummary } from '../../messaging/protocol';
import type { PostKey } from '../../storage/types';
import { checkableKeys, createRun, getRun, pendingWatchCount, setRunState, unfinishedRun } from '../../storage/watch';
import { NO_WATCH_COUNTS, type WatchRunRow } from '../../storage/watch-types';
import { loadSettings } from '../settings';
import { runWatch } from './engine';

/**
 * A new check of `keys` (null: every saved post Zhihu can be asked about). One check at a time: while one
 * is unfinished, asking again resumes it rather than starting a second. Null when there is nothing to ask.
 */
export async function startWatch(keys: readonly PostKey[] | null, trigger: WatchRunRow['trigger'], now = Date.now()): Promise<WatchSummary | null> {
  const open = await unfinishedRun();
  if (open) return resumeWatch(open.id);
  const targets = await checkableKeys(keys);
  if (!targets.length) return null;
  const run: WatchRunRow = {
    id: `watch:${now}`,
    trigger,
    scope: keys === null ? 'all' : 'selection',
    state: 'running',
    reason: null,
    detail: null,
    counts: { ...NO_WATCH_COUNTS },
    total: targets.length,
    keepMine: (await loadSettings()).watchKeepMine,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await createRun(run, targets);
  void runWatch(run.id);
  return summaryOf(run.id);
}

/** 继续: a paused check goes on from the first item not done. */
export async function resumeWatch(id: string): Promise<WatchSummary | null> {
  const run = await getRun(id);
  if (!run) return null;
  if (run.state === 'paused') await setRunState(id, 'running', null);
  if (run.state === 'paused' || run.state === 'running') void runWatch(id);
  return summaryOf(id);
}

/** 暂停: stops after the item in hand, resumable like any pause. */
export async function pauseWatch(id: string): Promise<WatchSummary | null> {
  const run = await getRun(id);
  if (!run) return null;
  if (run.state === 'running') await setRunState(id, 'paused', 'user');
  return summaryOf(id);
}

/** 取消: what was learned stays; the items not asked about keep their earlier state. */
export async function cancelWatch(id: string): Promise<WatchSummary | null> {
  const run = await getRun(id);
  if (!run) return null;
  if (run.state === 'running' || run.state === 'paused') await setRunState(id, 'cancelled', null);
  return summaryOf(id);
}

export async function summaryOf(id: string): Promise<WatchSummary | null> {
  const run = await getRun(id);
  if (!run) return null;
  return { id: run.id, state: run.state, reason: run.reason, total: run.total, pending: await pendingWatchCount(id), counts: run.counts };
}
