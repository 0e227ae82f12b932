// The paging follower of batch save (#14) on the real question chains: from the page's own next link,
// each paging.next until is_end, never a cursor of ours, never totals.
import { describe, expect, it } from 'vitest';
import { readListPage, safeNextUrl, toBatchItem } from '../src/background/batch/paging';
import { readInitialState } from '../src/extract/initial-data';
import { fixtureDocument, fixtureJson } from './support/fixtures';

interface Logged {
  url: string;
  type: string;
  data: unknown;
}

const QUESTIONS = [
  { id: '306794971', pages: 2, answers: 7 },
  { id: '372203058', pages: 5, answers: 24 },
  { id: '459980152', pages: 3, answers: 12 },
];

function pageNext(id: string): string {
  const state = readInitialState(fixtureDocument(`question-${id}.html`, `https://www.zhihu.com/question/${id}`));
  const question = state?.question as { answers?: Record<string, { next: string }> } | undefined;
  return question?.answers?.[id]?.next ?? '';
}

describe('readListPage on the real chains', () => {
  it.each(QUESTIONS)('question $id: the page next link, then each paging.next, reaches is_end with every answer once', ({ id, pages, answers }) => {
    const byUrl = new Map((fixtureJson(`api-question-feeds-${id}.json`) as Logged[]).filter((e) => e.type === 'answers').map((e) => [e.url, e.data]));
    let next: string | null = safeNextUrl(pageNext(id));
    const keys: string[] = [];
    let fetched = 0;
    while (next !== null) {
      const body = byUrl.get(next);
      expect(body, `the chain names ${next}`).toBeDefined();
      const page = readListPage(body);
      expect(page).not.toBeNull();
      keys.push(...page!.items.map((i) => i.key));
      expect(page!.items.every((i) => i.state === 'pending' && i.raw !== null)).toBe(true);
      next = page!.next;
      fetched++;
    }
    expect(fetched).toBe(pages);
    expect(keys).toHaveLength(answers);
    expect(new Set(keys).size).toBe(answers);
  });
});

describe('readListPage', () => {
  const answer = { type: 'answer', id: 12, content: '<p>x</p>' };
  it('stops on is_end even when totals says there is more, and follows next even when totals says there is not', () => {
    expect(readListPage({ data: [answer], paging: { is_end: true, totals: 500, next: 'https://www.zhihu.com/api/v4/x?offset=20' } })?.next).toBeNull();
    expect(readListPage({ data: [], paging: { is_end: false, totals: 0, next: 'https://www.zhihu.com/api/v4/x?offset=20' } })?.next).toBe('https://www.zhihu.com/api/v4/x?offset=20');
  });

  it('refuses a page that neither ends nor names a Zhihu API next link', () => {
    expect(readListPage({ data: [], paging: { is_end: false } })).toBeNull();
    expect(readListPage({ data: [], paging: { is_end: false, next: 'https://evil.example/api/v4/x' } })).toBeNull();
    expect(readListPage({ error: { code: 40362 } })).toBeNull();
  });

  it('upgrades Zhihu\'s http:// next links and refuses anything off its API', () => {
    expect(safeNextUrl('http://www.zhihu.com/api/v4/collections/1/items?offset=20')).toBe('https://www.zhihu.com/api/v4/collections/1/items?offset=20');
    expect(safeNextUrl('https://www.zhihu.com/question/1')).toBeNull();
    expect(safeNextUrl('https://www.zhihu.com:8443/api/v4/x')).toBeNull();
    expect(safeNextUrl('javascript:alert(1)')).toBeNull();
  });

  it('reads 收藏夹 entries ({created, content}), column/people objects, and reports deleted or hidden ones', () => {
    expect(toBatchItem({ created: '2020-01-01T00:00:00+08:00', content: answer })).toMatchObject({ key: 'answer:12', state: 'pending' });
    expect(toBatchItem({ type: 'article', id: 5, content: '<p>y</p>' })).toMatchObject({ key: 'article:5', state: 'pending' });
    expect(toBatchItem({ created: 'x', content: { type: 'answer', id: 13 } })).toMatchObject({ key: 'answer:13', state: 'unavailable', reason: 'deleted or hidden' });
    expect(toBatchItem({ created: 'x', content: { type: 'zvideo', id: 14 } })).toMatchObject({ state: 'unavailable' });
    expect(toBatchItem(null)).toMatchObject({ state: 'unavailable' });
  });
});
