/**
 * The library's 知乎上的变化 panel (issue #17): 立即检查 for everything or for the selection, the check in
 * progress (pause, resume, cancel, and where to verify when Zhihu asks), the last check's report, and
 * whether checks also run on their own. It reads the check rows the worker keeps in IndexedDB (the same
 * rows a stopped check resumes from) and asks the worker to act, polling while a check runs.
 */
import { send } from '../../messaging/client';
import { formatNumber, t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { watchReport, watchStatusText } from '../../shared/zhihu-state-text';
import { loadSettings } from '../../settings';
import type { PostKey } from '../../storage/types';
import { pendingWatchCount, recentRuns } from '../../storage/watch';
import type { WatchRunRow } from '../../storage/watch-types';
import { h } from '../shared/dom';
import { openSettings, pageUrl } from '../shared/links';

const RUNNING_POLL_MS = 1_000;
const IDLE_POLL_MS = 10_000;
/** While a check runs, the list's states are read again at most this often (a read of every state row). */
const STATES_EVERY_MS = 3_000;

const EVERY: Record<number, MessageKey> = { 1: 'watchDaily', 7: 'watchWeekly', 30: 'watchMonthly' };

export interface WatchHost {
  selection(): readonly PostKey[];
  /** Zhihu states moved on: the list reads them again. */
  statesChanged(): Promise<void>;
}

export class WatchPanel {
  private readonly status = h('p', { class: 'watch-status', role: 'status' });
  private readonly bar = h('progress', { class: 'batch-bar', hidden: '' });
  private readonly report = h('p', { class: 'watch-report muted' });
  private readonly schedule = h('p', { class: 'watch-schedule muted' });
  private readonly actions = h('div', { class: 'batch-actions' });
  private readonly error = h('p', { class: 'batch-error', role: 'alert', hidden: '' });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private drawing: Promise<void> | null = null;
  private signature = '';
  /** The check and progress the list's states were last read at; null until the first draw. */
  private statesAt: string | null = null;
  private statesReadAt = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly host: WatchHost,
  ) {
    box.replaceChildren(h('h2', { class: 'batch-title' }, t('watchPanelTitle')), this.status, this.bar, this.report, this.actions, this.error, this.schedule);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void this.refresh();
    });
  }

  /** The selection changed: the 检查所选 button follows it. */
  selectionChanged(): void {
    this.signature = '';
    void this.refresh();
  }

  async refresh(): Promise<void> {
    while (this.drawing) await this.drawing;
    this.drawing = this.poll();
    try {
      await this.drawing;
    } finally {
      this.drawing = null;
    }
  }

  private async poll(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    let running = false;
    try {
      const [run] = await recentRuns(1);
      running = run?.state === 'running';
      await this.draw(run);
    } finally {
      if (!document.hidden) this.timer = setTimeout(() => void this.refresh(), running ? RUNNING_POLL_MS : IDLE_POLL_MS);
    }
  }

  private async draw(run: WatchRunRow | undefined): Promise<void> {
    const pending = run ? await pendingWatchCount(run.id) : 0;
    this.box.dataset.zoState = run?.state ?? 'never';
    setText(this.status, run ? watchStatusText(run, pending) : t('watchNever'));
    setText(this.report, run ? watchReport(run) : '');
    this.bar.hidden = !run || run.state === 'done';
    if (run) {
      this.bar.max = Math.max(run.total, 1);
      this.bar.value = run.total - pending;
    }
    const selected = this.host.selection().length;
    const signature = `${run?.id ?? ''}|${run?.state ?? ''}|${run?.reason ?? ''}|${selected}`;
    if (signature !== this.signature) {
      this.signature = signature;
      this.buildActions(run, selected);
      await this.drawSchedule();
    }
    // The list shows each post's state: read them again as the check moves, and once it stops.
    const at = run ? `${run.id}|${run.state}|${run.counts.checked}` : '';
    if (at !== this.statesAt && (run?.state !== 'running' || Date.now() - this.statesReadAt >= STATES_EVERY_MS)) {
      const first = this.statesAt === null;
      this.statesAt = at;
      this.statesReadAt = Date.now();
      if (!first) await this.host.statesChanged();
    }
  }

  private buildActions(run: WatchRunRow | undefined, selected: number): void {
    const buttons: Node[] = [];
    const act = (label: string, name: string, work: () => Promise<unknown>): void => {
      const button = h('button', { type: 'button', 'data-zo-watch-action': name }, label);
      button.addEventListener('click', () => void this.act(work));
      buttons.push(button);
    };
    const open = run && (run.state === 'running' || run.state === 'paused');
    if (!open) {
      act(t('watchCheckAll'), 'check-all', () => this.start(null));
      if (selected > 0) act(t('watchCheckSelection', formatNumber(selected)), 'check-selection', () => this.start([...this.host.selection()]));
    }
    if (run?.state === 'running') act(t('batchPause'), 'pause', () => send('watch/pause', { id: run.id }));
    if (run?.state === 'paused') act(t('batchResume'), 'resume', () => send('watch/resume', { id: run.id }));
    if (open) act(t('batchCancel'), 'cancel', () => send('watch/cancel', { id: run.id }));
    if (run?.state === 'paused' && (run.reason === 'verify' || run.reason === 'login' || run.reason === 'no-tab')) {
      buttons.push(h('a', { href: 'https://www.zhihu.com/', target: '_blank', rel: 'noopener noreferrer', 'data-zo-watch-action': 'open-zhihu' }, t('batchOpenZhihu')));
    }
    this.actions.replaceChildren(...buttons);
  }

  private async start(keys: PostKey[] | null): Promise<void> {
    const summary = await send('watch/check', { keys });
    if (!summary) throw new Error(t('watchNothing'));
  }

  private async drawSchedule(): Promise<void> {
    const { watchEnabled, watchIntervalDays } = await loadSettings();
    const every = EVERY[watchIntervalDays];
    const text = watchEnabled ? t('watchScheduleOn', every ? t(every) : t('watchEveryDays', watchIntervalDays)) : t('watchScheduleOff');
    const link = h('a', { href: pageUrl('settings') }, t('openSettings'));
    link.addEventListener('click', openSettings);
    this.schedule.replaceChildren(text, ' ', link);
  }

  private async act(work: () => Promise<unknown>): Promise<void> {
    for (const el of Array.from(this.actions.querySelectorAll('button'))) el.disabled = true;
    this.error.hidden = true;
    try {
      await work();
    } catch (e) {
      this.error.textContent = t('batchActionFailed', e instanceof Error ? e.message : String(e));
      this.error.hidden = false;
    }
    this.signature = '';
    await this.refresh();
  }
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
