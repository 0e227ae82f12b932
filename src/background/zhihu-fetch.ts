/**
 * The one way the worker asks Zhihu for anything (issue #14): the user's own session (cookies, no
 * signature of ours: x-zse-96 is never built), one request at a time per batch, each at least the
 * configured delay (default 1 s, plus up to half of it again as jitter) after the previous one of
 * that batch, and never while a click-save is running: what the user clicked always goes first.
 */
import { classifyResponse, type ZhihuOutcome } from './zhihu-response';

export interface SchedulerDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Read per request, so a changed setting applies to a running batch. */
  delayMs: () => Promise<number>;
}

export class ZhihuScheduler {
  private clicks = 0;
  private clickWaiters: (() => void)[] = [];
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Runs a click-save; batch work waits while one runs. */
  async asClick<T>(work: () => Promise<T>): Promise<T> {
    this.clicks++;
    try {
      return await work();
    } finally {
      this.clicks--;
      if (this.clicks === 0) for (const wake of this.clickWaiters.splice(0)) wake();
    }
  }

  /** Resolves once no click-save runs; a batch calls it before each request and each item. */
  async whenNoClick(): Promise<void> {
    while (this.clicks > 0) await new Promise<void>((r) => this.clickWaiters.push(r));
  }

  /**
   * One GET for `batchId`, queued behind that batch's previous request. `proceed` is asked after the
   * wait: a batch cancelled or paused meanwhile sends nothing (outcome `dropped`).
   */
  request(batchId: string, url: string, proceed: () => Promise<boolean> = async () => true): Promise<ZhihuOutcome> {
    const previous = this.lanes.get(batchId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.send(batchId, url, proceed));
    this.lanes.set(batchId, mine);
    return mine;
  }

  private async send(batchId: string, url: string, proceed: () => Promise<boolean>): Promise<ZhihuOutcome> {
    const delay = Math.max(0, await this.deps.delayMs());
    const last = this.lastAt.get(batchId);
    if (last !== undefined) {
      const wait = last + delay + Math.floor(this.deps.random() * delay * 0.5) - this.deps.now();
      if (wait > 0) await this.deps.sleep(wait);
    }
    await this.whenNoClick();
    if (!(await proceed())) return { kind: 'dropped', detail: 'no longer wanted' };
    this.lastAt.set(batchId, this.deps.now());
    return this.fetchOnce(url);
  }

  /** A click-save's own request (the full text of an excerpt): at once, and batches wait while it runs. */
  click(url: string): Promise<ZhihuOutcome> {
    return this.asClick(() => this.fetchOnce(url));
  }

  private async fetchOnce(url: string): Promise<ZhihuOutcome> {
    try {
      const res = await this.deps.fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain, */*' } });
      return classifyResponse(res.status, res.headers.get('content-type') ?? '', await res.text());
    } catch (e) {
      return { kind: 'retry', detail: e instanceof Error ? e.message : String(e) };
    }
  }
}
