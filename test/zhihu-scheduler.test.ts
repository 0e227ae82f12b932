// The one scheduler of requests to Zhihu (#14): one at a time per batch, spaced by the delay with
// jitter, the user's cookies, and a click-save always ahead of a running batch. Fake clock and fetch.
import { describe, expect, it } from 'vitest';
import { ZhihuScheduler } from '../src/background/zhihu-fetch';

function harness(delay = 1_000, random = 0.5) {
  let clock = 0;
  const log: string[] = [];
  const inits: RequestInit[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const s = new ZhihuScheduler({
    now: () => clock,
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
      clock += ms;
    },
    random: () => random,
    delayMs: async () => delay,
    fetch: async (url, init) => {
      inits.push(init);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push(`GET ${url} @${clock}`);
      await Promise.resolve();
      inFlight--;
      return new Response('{"data":[],"paging":{"is_end":true}}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  return { s, log, inits, max: () => maxInFlight, tick: (ms: number) => (clock += ms) };
}

describe('ZhihuScheduler', () => {
  it('sends one request of a batch at a time, each ≥ delay + jitter after the previous one, with the session cookies', async () => {
    const h = harness(1_000, 0.5);
    const results = await Promise.all([h.s.request('b', 'u1'), h.s.request('b', 'u2'), h.s.request('b', 'u3')]);
    expect(results.map((r) => r.kind)).toEqual(['ok', 'ok', 'ok']);
    expect(h.max()).toBe(1);
    expect(h.log).toEqual(['GET u1 @0', 'sleep 1250', 'GET u2 @1250', 'sleep 1250', 'GET u3 @2500']);
    expect(h.inits.every((i) => i.credentials === 'include')).toBe(true);
    // Never a signature of ours.
    expect(h.inits.every((i) => !JSON.stringify(i.headers ?? {}).toLowerCase().includes('x-zse'))).toBe(true);
  });

  it('waits only what is left of the delay', async () => {
    const h = harness(1_000, 0);
    await h.s.request('b', 'u1');
    h.tick(800);
    await h.s.request('b', 'u2');
    expect(h.log).toEqual(['GET u1 @0', 'sleep 200', 'GET u2 @1000']);
  });

  it('a click-save goes ahead: a batch request waits until no click runs', async () => {
    const h = harness(0);
    let release!: () => void;
    const click = h.s.asClick(async () => {
      h.log.push('click start');
      await new Promise<void>((r) => (release = r));
      h.log.push('click end');
    });
    const batch = h.s.request('b', 'u1').then(() => h.log.push('batch done'));
    await new Promise((r) => setTimeout(r, 10));
    expect(h.log).toEqual(['click start']);
    release();
    await Promise.all([click, batch]);
    expect(h.log).toEqual(['click start', 'click end', 'GET u1 @0', 'batch done']);
  });

  it('sends nothing when the batch no longer wants it after the wait (cancelled or paused meanwhile)', async () => {
    const h = harness(1_000, 0);
    await h.s.request('b', 'u1');
    expect(await h.s.request('b', 'u2', async () => false)).toMatchObject({ kind: 'dropped' });
    expect(h.log).toEqual(['GET u1 @0', 'sleep 1000']);
  });

  it('a network failure is a retry outcome, not a throw', async () => {
    const s = new ZhihuScheduler({ now: () => 0, sleep: async () => undefined, random: () => 0, delayMs: async () => 0, fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await s.request('b', 'u')).toEqual({ kind: 'retry', detail: 'Failed to fetch' });
  });
});
