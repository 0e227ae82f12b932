// Cheap per-load identity and edit time of items (badges), checked against the full extraction.
import { describe, expect, it } from 'vitest';
import { extractItem, findItemRoots } from '../src/extract';
import { itemIdentity, itemUpdatedAt } from '../src/extract/ids';
import { readInitialState } from '../src/extract/initial-data';
import { fixtureDocument } from './support/fixtures';

describe('itemUpdatedAt', () => {
  const url = 'https://www.zhihu.com/question/573874788';
  const doc = fixtureDocument('question-573874788.html', url);
  const state = readInitialState(doc);

  it('reads the entity time of an edited answer (updated after it was created)', () => {
    const root = findItemRoots(doc).find((r) => r.element.getAttribute('name') === '2818297448');
    expect(itemUpdatedAt('answer', '2818297448', root!.element, state)).toBe(1672131930_000);
  });

  it('agrees with the full extraction on every item, with and without js-initialData', () => {
    for (const root of findItemRoots(doc)) {
      const id = itemIdentity(root.kind, root.element, url)!;
      const full = extractItem(root, url, {}, state)!;
      expect(`${id.kind}:${id.id}`).toBe(`${full.kind}:${full.id}`);
      expect(itemUpdatedAt(id.kind, id.id, root.element, state)).toBe(full.updatedAt);
      expect(itemUpdatedAt(id.kind, id.id, root.element, null)).toBe(extractItem(root, url, {}, null)!.updatedAt);
    }
  });
});
