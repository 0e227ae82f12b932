/**
 * The library's 批量保存 panel (issue #14): each batch with its source, progress, counts, time left,
 * pause / resume / cancel, and the items it could not save with a retry. It reads the batch rows the
 * worker keeps in IndexedDB (the same rows a resumed batch goes on from) and asks the worker to act;
 * it polls while a batch runs, because a batch lives longer than any page that shows it.
 */
import { send } from '../../messaging/client';
import { summarize } from '../../shared/batch-text';
import { formatNumber, t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { UNSUPPORTED_REASON, type BatchItemRow, type BatchRow, type BatchSource } from '../../storage/batch-types';
import { missingItems, pendingCount, recentBatches } from '../../storage/batches';
import { h } from '../shared/dom';

const SHOWN_BATCHES = 5;
const SHOWN_MISSING = 50;
const FAST_POLL_MS = 1_000;
const IDLE_POLL_MS = 5_000;
/** Time left comes from the pace over the last minute seen by this page. */
const PACE_WINDOW_MS = 60_000;

interface Sample {
  at: number;
  finished: number;
}

const TAB_TEXT: Record<'answers' | 'posts' | 'pins', MessageKey> = { answers: 'batchTabAnswers', posts: 'batchTabPosts', pins: 'batchTabPins' };

export class BatchPanel {
  private readonly rows = new Map<string, { el: HTMLLIElement; signature: string }>();
  private readonly samples = new Map<string, Sample[]>();
  private readonly list = h('ul', { class: 'batch-list' });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private drawing: Promise<void> | null = null;

  constructor(private readonly box: HTMLElement) {
    box.replaceChildren(h('h2', { class: 'batch-title' }, t('batchPanelTitle')), this.list);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void this.refresh();
    });
  }

  /** One draw at a time: a poll, a button and the page becoming visible may all ask at once. */
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
      const batches = await recentBatches(SHOWN_BATCHES);
      running = batches.some((b) => b.state === 'running');
      await this.draw(batches);
    } finally {
      if (!document.hidden) this.timer = setTimeout(() => void this.refresh(), running ? FAST_POLL_MS : IDLE_POLL_MS);
    }
  }

  private async draw(batches: BatchRow[]): Promise<void> {
    this.box.hidden = batches.length === 0;
    const keep = new Set(batches.map((b) => b.id));
    for (const [id, row] of this.rows) {
      if (keep.has(id)) continue;
      row.el.remove();
      this.rows.delete(id);
    }
    for (const b of batches) {
      const pending = await pendingCount(b.id);
      const summary = summarize(b, pending);
      const finished = summary.done + summary.failed + summary.unavailable;
      const left = this.timeLeft(b, finished, summary.total - finished);
      // Buttons and the missing list are rebuilt only when they change, so focus stays on a button between polls.
      const signature = `${b.state}|${b.reason ?? ''}|${summary.failed}|${summary.unavailable}`;
      let row = this.rows.get(b.id);
      if (!row || row.signature !== signature) {
        const el = h('li', { class: 'batch-row', 'data-zo-batch': b.id });
        el.append(...(await this.build(b, summary.failed + summary.unavailable)));
        if (row) row.el.replaceWith(el);
        row = { el, signature };
        this.rows.set(b.id, row);
      }
      this.list.append(row.el);
      row.el.dataset.zoState = summary.view;
      setText(row.el, '.batch-text', summary.text);
      setText(row.el, '.batch-counts', t('batchCounts', formatNumber(b.counts.saved), formatNumber(b.counts.skipped), formatNumber(b.counts.failed), formatNumber(b.counts.unavailable)));
      setText(row.el, '.batch-left', left);
      const bar = row.el.querySelector('progress');
      if (bar) {
        bar.max = Math.max(summary.total, 1);
        bar.value = finished;
      }
    }
  }

  private async build(b: BatchRow, missing: number): Promise<Node[]> {
    const source = b.pageUrl.startsWith('https://') ? h('a', { class: 'batch-source', href: b.pageUrl, target: '_blank', rel: 'noopener noreferrer' }, sourceText(b)) : h('span', { class: 'batch-source' }, sourceText(b));
    const actions = h('span', { class: 'batch-actions' });
    const act = (label: MessageKey, name: string, run: () => Promise<unknown>): void => {
      const button = h('button', { type: 'button', 'data-zo-batch-action': name }, t(label));
      button.addEventListener('click', () => void this.act(actions, run));
      actions.append(button);
    };
    if (b.state === 'running') act('batchPause', 'pause', () => send('batch/pause', { id: b.id }));
    if (b.state === 'paused') act('batchResume', 'resume', () => send('batch/resume', { id: b.id }));
    if (b.state === 'running' || b.state === 'paused') act('batchCancel', 'cancel', () => send('batch/cancel', { id: b.id }));
    if (b.counts.failed > 0 && b.state !== 'cancelled') act('batchRetryFailed', 'retry', () => send('batch/retry', { id: b.id }));
    if (b.state === 'paused' && (b.reason === 'verify' || b.reason === 'login' || b.reason === 'no-tab')) {
      actions.append(h('a', { href: 'https://www.zhihu.com/', target: '_blank', rel: 'noopener noreferrer', 'data-zo-batch-action': 'open-zhihu' }, t('batchOpenZhihu')));
    }
    const nodes: Node[] = [
      h('div', { class: 'batch-head' }, source, h('span', { class: 'batch-text', role: 'status' })),
      h('progress', { class: 'batch-bar' }),
      h('div', { class: 'batch-figures muted' }, h('span', { class: 'batch-counts' }), h('span', { class: 'batch-left' })),
      actions,
    ];
    if (missing > 0) nodes.push(missingList(await missingItems(b.id, SHOWN_MISSING), missing));
    return nodes;
  }

  private async act(actions: HTMLElement, run: () => Promise<unknown>): Promise<void> {
    for (const el of Array.from(actions.querySelectorAll('button'))) el.disabled = true;
    try {
      await run();
    } catch (e) {
      actions.append(h('span', { class: 'batch-error', role: 'alert' }, t('batchActionFailed', e instanceof Error ? e.message : String(e))));
    }
    this.rows.clear();
    this.list.replaceChildren();
    await this.refresh();
  }

  /** The pace this page has seen over the last minute; nothing until there is one. */
  private timeLeft(b: BatchRow, finished: number, remaining: number): string {
    if (b.state !== 'running') {
      this.samples.delete(b.id);
      return '';
    }
    const now = Date.now();
    const seen = (this.samples.get(b.id) ?? []).filter((s) => now - s.at <= PACE_WINDOW_MS);
    seen.push({ at: now, finished });
    this.samples.set(b.id, seen);
    const first = seen[0];
    if (remaining <= 0) return '';
    if (!first || finished <= first.finished || now - first.at < 2_000) return t('batchTimeEstimating');
    const perItem = (now - first.at) / (finished - first.finished);
    return t('batchTimeLeft', duration(remaining * perItem));
  }
}

function missingList(items: BatchItemRow[], total: number): HTMLElement {
  return h(
    'details',
    { class: 'batch-missing' },
    h('summary', {}, t('batchFailedHeading', formatNumber(total))),
    h('ul', {}, ...items.map((it) => missingRow(it))),
  );
}

function missingRow(it: BatchItemRow): HTMLLIElement {
  const url = zhihuUrl(it.key);
  const name = url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, it.key) : h('span', {}, '—');
  const why = it.state === 'unavailable' ? unavailableText(it.reason) : t('batchItemFailed');
  return h('li', { 'data-zo-batch-item': it.key, 'data-zo-item-state': it.state }, name, ' ', h('span', { class: 'muted' }, why), it.state === 'failed' && it.reason ? h('span', { class: 'muted batch-detail' }, ` (${it.reason})`) : null);
}

/** An entry of a kind we do not save is not one Zhihu deleted: say which. */
function unavailableText(reason: string | null): string {
  const type = reason?.startsWith(UNSUPPORTED_REASON) ? reason.slice(UNSUPPORTED_REASON.length) : '';
  if (!type) return t('batchUnavailableReason');
  return t('batchUnsupportedReason', type === 'zvideo' ? t('kindVideo') : type === 'question' ? t('kindQuestion') : type);
}

/** Zhihu's own address of a saved key; unavailable entries may have no id at all. */
function zhihuUrl(key: string): string | null {
  const m = /^(answer|article|pin):(\d{1,25})$/.exec(key);
  if (!m) return null;
  if (m[1] === 'article') return `https://zhuanlan.zhihu.com/p/${m[2]}`;
  return `https://www.zhihu.com/${m[1]}/${m[2]}`;
}

function sourceText(b: BatchRow): string {
  if (b.tag) return b.tag;
  const s: BatchSource = b.source;
  if (s.kind === 'question') return t('batchSourceQuestion', s.id);
  if (s.kind === 'collection') return t('batchSourceCollection', s.id);
  if (s.kind === 'column') return t('batchSourceColumn', s.id);
  return t('batchSourcePeople', s.id, t(TAB_TEXT[s.tab]));
}

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1_000));
  if (s < 60) return t('batchSeconds', s);
  const m = Math.round(s / 60);
  if (m < 60) return t('batchMinutes', m);
  return t('batchHours', Math.floor(m / 60), m % 60);
}

function setText(root: HTMLElement, selector: string, text: string): void {
  const el = root.querySelector(selector);
  if (el && el.textContent !== text) el.textContent = text;
}
