// Extraction must never change the live page it reads, and must never throw on what a page may hold.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractAll, findItemRoots, extractItem } from '../src/extract';
import { fixtureDocument, fixtureNames, fixtureText, fixtureUrl, isContentFragment } from './support/fixtures';

const PAGES = fixtureNames('.html').filter((n) => !isContentFragment(n));

describe('extraction is pure', () => {
  it.each(PAGES)('%s is byte-identical after extracting every item from every source', (file) => {
    const url = fixtureUrl(file);
    const doc = fixtureDocument(file, url);
    const before = doc.documentElement.outerHTML;
    extractAll(doc, url);
    for (const root of findItemRoots(doc)) extractItem(root, url, { source: 'dom' });
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});

describe('extraction never throws', () => {
  it('the anti-bot page yields zero items', () => {
    const url = 'https://www.zhihu.com/question/1/answer/2';
    expect(extractAll(fixtureDocument('antibot-zse-ck-challenge.html', url), url)).toEqual([]);
  });

  it('malformed js-initialData falls back to the DOM', () => {
    const url = 'https://www.zhihu.com/question/586816837/answer/2916374892';
    const html = fixtureText('answer-586816837-2916374892.html').replace(
      /(<script id="js-initialData" type="text\/json">)/,
      '$1{"initialState":{"entities":{"answers":{"2916374892":',
    );
    const items = extractAll(new JSDOM(html, { url }).window.document, url);
    expect(items.map((i) => i.id)).toEqual(['2916374892', '2915543920', '2916156099']);
    expect(items.every((i) => i.contentSource === 'dom')).toBe(true);
  });

  it.each([
    ['an entity of the wrong shape', '{"initialState":{"entities":{"answers":{"7":{"id":7,"content":5,"author":"x","question":[]}}}}}'],
    ['a non-object state', '{"initialState":[1,2]}'],
    ['JSON null', 'null'],
  ])('%s', (_, json) => {
    const url = 'https://www.zhihu.com/question/1';
    const html = `<script id="js-initialData" type="text/json">${json}</script><div class="ContentItem AnswerItem" name="7"><span class="RichText"><p>x</p></span></div>`;
    const items = extractAll(new JSDOM(html, { url }).window.document, url);
    expect(items.map((i) => [i.id, i.contentHtml])).toEqual([['7', '<p>x</p>']]);
  });
});
