// Golden tests over every real fixture: each item's record (metadata + clean HTML) against test/golden/.
// UPDATE_GOLDEN=1 rewrites them; review the diff before committing (they must look right).
import { describe, it } from 'vitest';
import { extractAll, normalizeContentHtml } from '../src/extract';
import { apiObjects, normalizeApiObject } from './support/api-items';
import { fixtureJson, fixtureNames, fixtureText, fixtureUrl, isContentFragment, sharedFixtureDocument } from './support/fixtures';
import { checkGolden, checkGoldenSet, goldenText } from './support/golden';

const base = (name: string): string => name.replace(/\.(html|json)$/, '');

describe.each(fixtureNames('.html'))('page %s', (name) => {
  it('matches the golden record of every item', () => {
    if (isContentFragment(name)) {
      const { html, images } = normalizeContentHtml(fixtureText(name));
      checkGoldenSet(base(name), ['content']);
      checkGolden(base(name), 'content', goldenText({ fragment: true, images, contentHtml: html }));
      return;
    }
    const items = extractAll(sharedFixtureDocument(name), fixtureUrl(name));
    checkGoldenSet(base(name), items.map((i) => `${i.kind}-${i.id}`));
    for (const item of items) checkGolden(base(name), `${item.kind}-${item.id}`, goldenText(item));
  });
});

describe.each(fixtureNames('.json'))('API %s', (name) => {
  it('matches the golden record of every answer, article and pin in it', () => {
    const found = apiObjects(fixtureJson(name));
    const sourceUrl = 'https://www.zhihu.com/';
    const items = found.map((o) => normalizeApiObject(o, sourceUrl)).filter((i) => i !== null);
    checkGoldenSet(base(name), items.map((i) => `${i.kind}-${i.id}`));
    for (const item of items) checkGolden(base(name), `${item.kind}-${item.id}`, goldenText(item));
  });
});
