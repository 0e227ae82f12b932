// What a page tells a batch (#14), read from the real captures: which list it shows, its count and
// name, the question's own next link, and the items it already holds.
import { describe, expect, it } from 'vitest';
import { readBatchPage } from '../src/content/batch-page';
import { batchIdOf, firstPageUrl, isQuestionFeedUrl, sourceFromUrl } from '../src/shared/batch-source';
import { fixtureDocument } from './support/fixtures';

describe('sourceFromUrl', () => {
  it.each([
    ['https://www.zhihu.com/question/372203058', 'question:372203058'],
    ['https://www.zhihu.com/collection/454292599', 'collection:454292599'],
    ['https://www.zhihu.com/column/c_1335313713054887936', 'column:c_1335313713054887936'],
    ['https://zhuanlan.zhihu.com/bigo-fe', 'column:bigo-fe'],
    ['https://www.zhihu.com/people/deephub/answers', 'people:deephub:answers'],
    ['https://www.zhihu.com/people/deephub/pins/', 'people:deephub:pins'],
  ])('%s is %s', (url, id) => {
    const s = sourceFromUrl(url);
    expect(s && batchIdOf(s)).toBe(id);
  });

  it.each(['https://zhuanlan.zhihu.com/p/474542389', 'https://www.zhihu.com/question/1/answer/2', 'https://www.zhihu.com/people/deephub', 'http://www.zhihu.com/question/1', 'https://www.zhihu.com.evil.example/question/1'])('%s offers no batch', (url) => {
    expect(sourceFromUrl(url)).toBeNull();
  });

  it('starts lists at Zhihu\'s own list APIs; a question only at its own feeds', () => {
    expect(firstPageUrl({ kind: 'collection', id: '1' })).toBe('https://www.zhihu.com/api/v4/collections/1/items');
    expect(firstPageUrl({ kind: 'question', id: '1' })).toBeNull();
    expect(isQuestionFeedUrl('https://www.zhihu.com/api/v4/questions/1/feeds?cursor=x', '1')).toBe(true);
    expect(isQuestionFeedUrl('https://www.zhihu.com/api/v4/questions/12/feeds?cursor=x', '1')).toBe(false);
  });
});

describe('readBatchPage on real pages', () => {
  it('a question: its 5 answers, the count it shows, its own next link and its topics', () => {
    const url = 'https://www.zhihu.com/question/372203058';
    const req = readBatchPage(fixtureDocument('question-372203058.html', url), { kind: 'question', id: '372203058' }, url);
    expect(req.items.map((i) => i.kind)).toEqual(['answer', 'answer', 'answer', 'answer', 'answer']);
    expect(req.total).toBe(29);
    expect(req.next).toMatch(/^https:\/\/www\.zhihu\.com\/api\/v4\/questions\/372203058\/feeds\?cursor=/);
    expect(req.topics).toEqual(['性别', '性别文化', '社会性别']);
  });

  it('a 收藏夹: its name and count; its items come from the API (the SSR holds only placeholders)', () => {
    const url = 'https://www.zhihu.com/collection/454292599';
    const req = readBatchPage(fixtureDocument('collection-454292599-ssr.html', url), { kind: 'collection', id: '454292599' }, url);
    expect(req).toMatchObject({ name: '日本文化', total: 4, next: null, items: [] });
  });

  it('a column: its name and count; its excerpt-only cards are left to the API', () => {
    const url = 'https://www.zhihu.com/column/c_1335313713054887936';
    const req = readBatchPage(fixtureDocument('column-c_1335313713054887936-2021.html', url), { kind: 'column', id: 'c_1335313713054887936' }, url);
    expect(req).toMatchObject({ name: 'bigo前端', total: 3, items: [] });
  });
});
