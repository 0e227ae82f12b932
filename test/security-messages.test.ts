// The router fails closed (issue #7, T7): every message type has a sender policy and a strict schema,
// and foreign, misplaced or malformed messages are rejected and logged before any handler runs.
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALLOWED_SENDERS, type MessageType } from '../src/messaging/protocol';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const calls = vi.hoisted(() => ({ save: 0, status: 0, saveInView: [] as number[], lookup: 0, batch: 0 }));

// The extension API the code calls (chrome.*), as far as these tests reach it.
vi.stubGlobal('chrome', { runtime: { id: ID, getURL: (p: string) => `${ORIGIN}${p}` }, tabs: { sendMessage: async () => undefined } });
vi.mock('../src/background/queue', () => ({ submitSave: async () => (calls.save++, { key: 'answer:1' }) }));
vi.mock('../src/background/status', () => ({ saveStatus: async () => (calls.status++, { state: 'unknown', result: null }) }));
vi.mock('../src/background/menus', () => ({ saveInView: async (tabId: number) => (calls.saveInView.push(tabId), { key: null }) }));
vi.mock('../src/storage/library', () => ({ lookup: async () => (calls.lookup++, []) }));
vi.mock('../src/background/batch/control', () => ({
  startBatch: async () => (calls.batch++, null),
  resumeBatch: async () => (calls.batch++, null),
  cancelBatch: async () => (calls.batch++, null),
  pauseBatch: async () => (calls.batch++, null),
  retryBatch: async () => (calls.batch++, null),
}));
vi.mock('../src/background/batch/engine', () => ({ resumeWaitingForTab: async () => undefined, runBatch: async () => undefined }));
vi.mock('../src/background/sync', () => ({ syncFinished: async () => (calls.batch++, null), syncLoad: async () => (calls.batch++, { config: null, state: null }) }));
vi.mock('../src/background/batch/save-all-button', () => ({ offerSaveAll: async () => (calls.batch++, null) }));
vi.mock('../src/background/batch/page-driver', () => ({ takeRendered: async () => (calls.batch++, { go: false, delayMs: 0 }) }));
vi.mock('../src/background/watch/control', () => ({
  startWatch: async () => (calls.batch++, null),
  resumeWatch: async () => (calls.batch++, null),
  pauseWatch: async () => (calls.batch++, null),
  cancelWatch: async () => (calls.batch++, null),
}));
vi.mock('../src/background/watch/engine', () => ({ resumeWatchForTab: async () => undefined }));
vi.mock('../src/background/comments/save-comments', () => ({
  CLICK_LANE: 'comments',
  commentsAfterClick: async () => undefined,
  saveComments: async () => (calls.batch++, null),
}));
vi.mock('../src/background/zhihu', () => ({
  zhihu: { asClick: <T>(work: () => Promise<T>) => work(), click: async () => (calls.batch++, { kind: 'ok', json: {} }) },
}));
vi.mock('../src/storage/batches', () => ({ getBatch: async () => ({ id: 'question:1', source: { kind: 'question', id: '1' } }) }));
// The router opens the library before storage work; here it opens, unless a test makes it fail.
const library = vi.hoisted(() => ({ failure: null as Error | null }));
vi.mock('../src/storage/db', () => ({
  openLibrary: async () => {
    if (library.failure) throw library.failure;
  },
}));

const { handleMessage, REQUEST_SCHEMAS } = await import('../src/background/router');
const { LibraryUnavailableError } = await import('../src/storage/open-failure');

type Sender = Parameters<typeof handleMessage>[1];
/** The tab fields a sender check reads; the rest of a chrome.tabs.Tab does not matter here. */
const tab = (t: { id: number; url: string }): chrome.tabs.Tab => ({ ...t, index: 0, highlighted: false, active: true, pinned: false, incognito: false }) as chrome.tabs.Tab;
const page: Sender = { id: ID, origin: ORIGIN, url: `${ORIGIN}/src/ui/popup/popup.html` };
const content: Sender = { id: ID, frameId: 0, origin: 'https://www.zhihu.com', tab: tab({ id: 7, url: 'https://www.zhihu.com/question/1' }) };
const tabAt = (url: string): Sender => ({ ...content, tab: { ...content.tab!, url } });

const item = {
  kind: 'answer', id: '2', url: 'https://www.zhihu.com/question/1/answer/2', title: 't',
  author: { name: 'a', url: '', avatar: '', headline: '' }, question: null, topics: [], createdAt: null, updatedAt: null,
  voteCount: null, commentCount: null, excerpt: '', contentHtml: '<p>x</p>', images: [], complete: true, incompleteReason: null,
  sourceUrl: 'https://www.zhihu.com/question/1/answer/2', contentSource: 'dom',
};
const VALID: { [K in MessageType]: Record<string, unknown> } = {
  'capture/save': { type: 'capture/save', item },
  'capture/status': { type: 'capture/status', key: 'answer:2' },
  'tab/save-in-view': { type: 'tab/save-in-view', tabId: 3 },
  'library/lookup': { type: 'library/lookup', keys: ['answer:2'] },
  'batch/start': { type: 'batch/start', source: { kind: 'question', id: '1' }, next: null, items: [item], total: 12, name: '', topics: [] },
  'batch/offer': { type: 'batch/offer' },
  'batch/resume': { type: 'batch/resume', id: 'question:1' },
  'batch/cancel': { type: 'batch/cancel', id: 'question:1' },
  'batch/pause': { type: 'batch/pause', id: 'question:1' },
  'batch/retry': { type: 'batch/retry', id: 'question:1' },
  'batch/page-items': { type: 'batch/page-items', items: [item], end: false },
  'zhihu/item': { type: 'zhihu/item', url: 'https://www.zhihu.com/api/v4/answers/2?include=content%2Cexcerpt' },
  'comments/fetch': { type: 'comments/fetch', key: 'answer:2' },
  'sync/load': { type: 'sync/load' },
  'sync/finished': { type: 'sync/finished', state: null, last: null, failure: 'network' },
  'watch/check': { type: 'watch/check', keys: ['answer:2'] },
  'watch/resume': { type: 'watch/resume', id: 'watch:1733380000000' },
  'watch/pause': { type: 'watch/pause', id: 'watch:1733380000000' },
  'watch/cancel': { type: 'watch/cancel', id: 'watch:1733380000000' },
};
const TYPES = Object.keys(ALLOWED_SENDERS) as MessageType[];
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  Object.assign(calls, { save: 0, status: 0, saveInView: [], lookup: 0, batch: 0 });
  library.failure = null;
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());
const handled = (): number => calls.save + calls.status + calls.saveInView.length + calls.lookup + calls.batch;

describe('protocol table', () => {
  it('gives every message type in ALLOWED_SENDERS a schema, and no schema without a policy', () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...TYPES].sort());
    for (const t of TYPES) expect(ALLOWED_SENDERS[t].length).toBeGreaterThan(0);
  });

  it.each(TYPES)('%s: its schema accepts the valid message and rejects extra keys and another type', (t) => {
    expect(v.safeParse(REQUEST_SCHEMAS[t], VALID[t]).success).toBe(true);
    expect(v.safeParse(REQUEST_SCHEMAS[t], { ...VALID[t], extra: 1 }).success).toBe(false);
    expect(v.safeParse(REQUEST_SCHEMAS[t], JSON.parse(`{"__proto__":{"polluted":1},${JSON.stringify(VALID[t]).slice(1)}`)).success).toBe(false);
    const other = TYPES.find((o) => o !== t)!;
    expect(v.safeParse(REQUEST_SCHEMAS[t], { ...VALID[t], type: other }).success).toBe(false);
  });
});

describe('handleMessage', () => {
  it.each(TYPES)('%s: the allowed sender is served', async (t) => {
    const sender = ALLOWED_SENDERS[t].includes('zhihu-content-script') ? content : page;
    expect(await handleMessage(VALID[t], sender)).toMatchObject({ ok: true });
    expect(handled()).toBe(1);
  });

  const foreign: [string, Sender][] = [
    ['another extension', { ...content, id: 'ponmlkjihgfedcbaponmlkjihgfedcba' }],
    ['no id (a web page)', { frameId: 0, url: 'https://www.zhihu.com/', origin: 'https://www.zhihu.com' }],
    ['a Zhihu sub-frame', { ...content, frameId: 5 }],
    ['a content script on evil.example', tabAt('https://evil.example/')],
    ['a look-alike host', tabAt('https://www.zhihu.com.evil.example/')],
    ['http Zhihu', tabAt('http://www.zhihu.com/')],
    ['a tab with no URL', { ...content, tab: { ...content.tab!, url: undefined } }],
    ['sender.url claiming Zhihu on a foreign tab', { ...tabAt('https://evil.example/'), url: 'https://www.zhihu.com/question/1' }],
    ['sender.url claiming our page, web origin', { id: ID, url: `${ORIGIN}/x.html`, origin: 'https://evil.example' }],
  ];
  it.each(foreign)('rejects every message from %s', async (_name, sender) => {
    for (const t of TYPES) expect(await handleMessage(VALID[t], sender)).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(handled()).toBe(0);
    expect(warn).toHaveBeenCalledTimes(TYPES.length);
  });

  it('rejects messages sent by the wrong kind of sender', async () => {
    for (const t of TYPES) {
      const wrong = [content, page].filter((s) => !ALLOWED_SENDERS[t].includes(s === content ? 'zhihu-content-script' : 'extension-page'));
      for (const s of wrong) expect(await handleMessage(VALID[t], s)).toMatchObject({ ok: false, error: { code: 'rejected' } });
    }
    expect(handled()).toBe(0);
  });

  it.each([null, undefined, 42, 'capture/save', [], {}, { type: 'unknown' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }, { type: 'hasOwnProperty' }])(
    'rejects %j from any sender',
    async (message) => {
      for (const s of [content, page]) expect(await handleMessage(message, s)).toMatchObject({ ok: false, error: { code: 'rejected' } });
      expect(handled()).toBe(0);
    },
  );

  const invalid: [string, Record<string, unknown>][] = [
    ['50 MB of HTML', { type: 'capture/save', item: { ...item, contentHtml: 'x'.repeat(5_000_001) } }],
    ['a path in the id', { type: 'capture/save', item: { ...item, id: '../x' } }],
    ['a javascript: source URL', { type: 'capture/save', item: { ...item, sourceUrl: 'javascript:alert(1)' } }],
    ['a tabId of another tab', { type: 'capture/save', item, tabId: 99 }],
    ['an extra item key', { type: 'capture/save', item: { ...item, admin: true } }],
    ['Infinity (1e309) as a key', { type: 'capture/status', key: Number.POSITIVE_INFINITY }],
    ['501 lookups', { type: 'library/lookup', keys: Array(501).fill('answer:1') }],
    ['a zhihu/item URL off the single-item API', { type: 'zhihu/item', url: 'https://www.zhihu.com/api/v4/questions/1/feeds' }],
    ['a zhihu/item URL on another host', { type: 'zhihu/item', url: 'https://evil.example/api/v4/answers/1' }],
  ];
  it.each(invalid)('rejects %s as invalid, before any handler, and logs it', async (_name, message) => {
    const sender = message.type === 'capture/status' ? page : content;
    expect(await handleMessage(message, sender)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(handled()).toBe(0);
    expect(warn).toHaveBeenCalledOnce();
  });

  it.each([
    ['a watch/check key with a path', { type: 'watch/check', keys: ['answer:../1'] }],
    ['an empty watch/check selection', { type: 'watch/check', keys: [] }],
    ['20,001 keys to check', { type: 'watch/check', keys: Array(20_001).fill('answer:1') }],
    ['a watch/resume id that is not a check', { type: 'watch/resume', id: 'question:1' }],
  ])('rejects %s from an extension page as invalid, before any handler', async (_name, message) => {
    expect(await handleMessage(message, page)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(handled()).toBe(0);
  });

  it.each([
    ['newer', 'library-newer'],
    ['unavailable', 'library-unavailable'],
    ['quota', 'quota'],
  ] as const)('refuses a save with its reason while the library cannot be opened (%s), before any storage work', async (kind, code) => {
    library.failure = new LibraryUnavailableError(kind, new DOMException('x', 'UnknownError'));
    expect(await handleMessage(VALID['capture/save'], content)).toMatchObject({ ok: false, error: { code } });
    expect(await handleMessage(VALID['capture/status'], page)).toMatchObject({ ok: false, error: { code } });
    expect(handled()).toBe(0);
  });

  it('batch/start, batch/resume and batch/cancel from a tab act only on the list that tab shows', async () => {
    const other = tabAt('https://www.zhihu.com/question/2');
    for (const t of ['batch/start', 'batch/resume', 'batch/cancel'] as const) {
      expect(await handleMessage(VALID[t], other)).toMatchObject({ ok: false, error: { code: 'rejected' } });
    }
    expect(await handleMessage({ ...VALID['batch/start'], source: { kind: 'collection', id: '1' } }, content)).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(handled()).toBe(0);
    expect(await handleMessage(VALID['batch/cancel'], page)).toMatchObject({ ok: true });
    expect(handled()).toBe(1);
  });

  it('tab/save-in-view uses the tab the popup names, only for an extension page', async () => {
    await handleMessage({ type: 'tab/save-in-view', tabId: 12 }, page);
    expect(calls.saveInView).toEqual([12]);
  });
});
