// The content script's placement of save buttons and its API fallback, on the real fixtures.
import { describe, expect, it, vi } from 'vitest';
import { extractAll, fromApiAnswer, type CapturedItem } from '../src/extract';
import { fixtureDocument, fixtureJson, fixtureUrl } from './support/fixtures';

// The content script speaks the promise-based chrome.* namespace; only i18n is reached while placing buttons.
vi.stubGlobal('chrome', { i18n: { getMessage: (k: string) => k, getUILanguage: () => 'zh-CN' }, runtime: { id: 'test' } });
const { placeButtons, removeStaleButtons } = await import('../src/content/place-buttons');
const { fetchFullItem } = await import('../src/content/fetch-full');
const { apiUrl } = await import('../src/shared/zhihu-api');

const controllerFor = (doc: Document): AbortController => new doc.defaultView!.AbortController();
const BUTTON = '[data-zo-action="save"]';

function place(file: string): { doc: Document; controller: AbortController; placed: number } {
  const doc = fixtureDocument(file, fixtureUrl(file));
  // Each fixture is its own jsdom window; its listeners accept only that window's AbortSignal.
  const controller = controllerFor(doc);
  return { doc, controller, placed: placeButtons(doc, controller.signal) };
}

describe('save buttons', () => {
  it.each([
    ['answer-586816837-2916374892.html', 3],
    ['question-573874788.html', 5],
    ['question-267402879.html', 5],
    ['article-474542389.rawHtml.html', 1],
    ['column-c_1335313713054887936-2021.html', 3],
    ['collection-454292599-ssr.html', 0],
    ['antibot-zse-ck-challenge.html', 0],
  ])('%s gets %i, one per item', (file, n) => {
    const { doc, controller, placed } = place(file);
    expect(placed).toBe(n);
    expect(doc.querySelectorAll(BUTTON)).toHaveLength(n);
    // A second scan (the infinite-scroll observer) adds nothing.
    expect(placeButtons(doc, controller.signal)).toBe(0);
  });

  it('goes after the author line of an answer, including collapsed ones', () => {
    const { doc } = place('answer-586816837-2916374892.html');
    for (const b of Array.from(doc.querySelectorAll(BUTTON))) expect(b.previousElementSibling?.classList.contains('ContentItem-meta')).toBe(true);
  });

  it("goes under an article's title, and after a list card's title", () => {
    expect(place('article-474542389.rawHtml.html').doc.querySelector(BUTTON)?.previousElementSibling?.matches('h1.Post-Title')).toBe(true);
    for (const b of Array.from(place('column-c_1335313713054887936-2021.html').doc.querySelectorAll(BUTTON))) {
      expect(b.previousElementSibling?.matches('h2.ContentItem-title')).toBe(true);
    }
  });

  it('leaves no zombie buttons: abort removes them, and a new instance clears stale ones', () => {
    const { doc, controller } = place('question-573874788.html');
    controller.abort();
    expect(doc.querySelectorAll(BUTTON)).toHaveLength(0);
    placeButtons(doc, controllerFor(doc).signal);
    removeStaleButtons(doc);
    expect(doc.querySelectorAll(BUTTON)).toHaveLength(0);
    expect(placeButtons(doc, controllerFor(doc).signal)).toBe(5);
  });
});

describe('API fallback for partial items', () => {
  const json = fixtureJson('api-answer-2012482281965631134.json');
  const full = fromApiAnswer(json, 'https://www.zhihu.com/')!;
  const excerpt: CapturedItem = { ...full, contentHtml: '<p>…</p>', complete: false, incompleteReason: 'excerpt', topics: ['x'] };

  it('asks the same-origin API with credentials-bearing URLs only for ids', () => {
    expect(apiUrl('answer', '2012482281965631134', 'https://www.zhihu.com')).toMatch(/^https:\/\/www\.zhihu\.com\/api\/v4\/answers\/2012482281965631134\?include=content%2C/);
    expect(apiUrl('article', '1', 'https://zhuanlan.zhihu.com')).toBe('https://zhuanlan.zhihu.com/api/articles/1');
    expect(apiUrl('pin', '5', 'https://www.zhihu.com')).toBe('https://www.zhihu.com/api/v4/pins/5');
    expect(apiUrl('answer', '1/../x', 'https://www.zhihu.com')).toBeNull();
  });

  it('replaces an excerpt by the full API item, keeping what only the page knew', async () => {
    const got = await fetchFullItem(excerpt, 'https://www.zhihu.com', async () => json);
    expect(got?.contentHtml).toBe(full.contentHtml);
    expect(got?.complete).toBe(true);
    expect(got?.contentSource).toBe('api');
  });

  it('gives up quietly: network error, anti-bot HTML, another item, paid or complete items', async () => {
    const fail = vi.fn(async () => Promise.reject(new Error('offline')));
    expect(await fetchFullItem(excerpt, 'https://www.zhihu.com', fail)).toBeNull();
    expect(await fetchFullItem({ ...excerpt, id: '1' }, 'https://www.zhihu.com', async () => json)).toBeNull();
    const never = vi.fn(async () => json);
    expect(await fetchFullItem({ ...excerpt, incompleteReason: 'paid' }, 'https://www.zhihu.com', never)).toBeNull();
    expect(await fetchFullItem(full, 'https://www.zhihu.com', never)).toBeNull();
    expect(never).not.toHaveBeenCalled();
  });

  it('list cards that show only an excerpt are flagged for it', () => {
    const items = extractAll(fixtureDocument('column-c_1335313713054887936-2021.html', fixtureUrl('column-c_1335313713054887936-2021.html')), 'https://www.zhihu.com/column/c_1335313713054887936');
    expect(items.map((i) => [i.kind, i.complete, i.incompleteReason])).toEqual(Array(3).fill(['article', false, 'excerpt']));
  });
});
