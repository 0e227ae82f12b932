/** The worker's one scheduler for Zhihu requests (zhihu-fetch.ts), with the real clock, fetch and setting. */
import { loadBatchSettings } from './settings';
import { ZhihuScheduler } from './zhihu-fetch';

export const zhihu = new ZhihuScheduler({
  fetch: (url, init) => fetch(url, init),
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
  delayMs: async () => (await loadBatchSettings()).batchDelayMs,
});
