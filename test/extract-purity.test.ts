// Extraction must never change the live page it reads.
import { describe, expect, it } from 'vitest';
import { extractAll } from '../src/extract';
import { fixtureDocument } from './support/fixtures';

const PAGES: [string, string][] = [
  ['answer-586816837-2916374892.html', 'https://www.zhihu.com/question/586816837/answer/2916374892'],
  ['question-1945616882808895083.html', 'https://www.zhihu.com/question/1945616882808895083'],
  ['article-446555079.rawHtml.html', 'https://zhuanlan.zhihu.com/p/446555079'],
];

describe('extraction is pure', () => {
  it.each(PAGES)('%s is byte-identical after extracting every item', (file, url) => {
    const doc = fixtureDocument(file, url);
    const before = doc.documentElement.outerHTML;
    const items = extractAll(doc, url);
    expect(items.length).toBeGreaterThan(0);
    expect(doc.documentElement.outerHTML).toBe(before);
  });
});
