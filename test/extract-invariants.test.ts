// Invariants over every item of every real fixture, whatever its source (page, initialData, DOM, API).
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { extractAll, findItemRoots, extractItem, itemIdentity, type CapturedItem } from '../src/extract';
import { CapturedItemSchema } from '../src/messaging/schema';
import { apiObjects, normalizeApiObject } from './support/api-items';
import { fixtureJson, fixtureNames, fixtureUrl, isContentFragment, sharedFixtureDocument } from './support/fixtures';
import { comparableText } from './support/text';

const imageHashes = (i: CapturedItem): string[] => i.images.map((u) => /v2-[0-9a-f]+/.exec(u)?.[0] ?? u);

const PAGES = fixtureNames('.html').filter((n) => !isContentFragment(n));

function clean(item: CapturedItem): void {
  const html = item.contentHtml;
  expect(html).not.toMatch(/<noscript|<script|<style|<svg|<button|<video/i);
  expect(html).not.toMatch(/src="(data:|blob:)/);
  expect(html).not.toMatch(/link\.zhihu\.com|zhida\.zhihu\.com/);
  expect(html).not.toMatch(/ style="|class="[^"]*css-|data-za-|RichContent-EntityWord|mcn-link-card|展开阅读全文/);
  const box = document.createElement('div');
  box.innerHTML = html;
  for (const img of Array.from(box.querySelectorAll('img'))) {
    expect(img.getAttribute('src')).toMatch(/^https:\/\/(pic[0-9a-z]?|static)\.zhimg\.com\//);
    // Never the watermarked copy when a clean one exists (docs/zhihu-format.md §4.1).
    if (img.getAttribute('data-default-watermark-src')) expect(img.getAttribute('src')).not.toBe(img.getAttribute('data-default-watermark-src'));
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
  }
  expect(item.images.every((u) => u.startsWith('https://'))).toBe(true);
  expect(v.safeParse(CapturedItemSchema, item).issues).toBeUndefined();
  expect(item.complete).toBe(item.incompleteReason === null);
}

describe.each(PAGES)('page %s', (name) => {
  const doc = sharedFixtureDocument(name);
  const url = fixtureUrl(name);
  const items = extractAll(doc, url);

  it('the cheap identity (for badges) agrees with the full extraction', () => {
    const cheap = findItemRoots(doc).map((r) => itemIdentity(r.kind, r.element, url)).filter((x) => x !== null);
    expect(cheap).toEqual(items.map((i) => ({ kind: i.kind, id: i.id })));
  });

  it('every item is clean and passes the message schema', () => {
    items.forEach(clean);
  });

  // Principled exclusions: (1) video answers, whose player in the DOM does not show the video's title;
  // (2) bodies that a saved snapshot cannot reproduce: a member mention renders a <div> inside a <p>,
  // so re-parsing the serialized page closes the <p> and the body spills out of its .RichText
  // (question-406698056.html). The live page, which the extension reads, has no such problem.
  it('the DOM gives the same text as js-initialData for every item that has both', () => {
    for (const root of findItemRoots(doc)) {
      const fromData = extractItem(root, url);
      if (fromData?.contentSource !== 'initialData') continue;
      if (root.element.querySelector('.VideoAnswerPlayer, .RichText .UserLink:empty')) continue;
      const fromDom = extractItem(root, url, { source: 'dom' });
      expect(fromDom, `${fromData.id} from the DOM`).not.toBeNull();
      expect(comparableText(fromDom!.contentHtml), `${fromData.kind} ${fromData.id}`).toBe(comparableText(fromData.contentHtml));
      // The same pictures, whichever mirror host or size each form names (docs/zhihu-format.md §4.1).
      expect(imageHashes(fromDom!), `${fromData.id} images`).toEqual(imageHashes(fromData));
    }
  });

  it("vote count, author and created time equal the page's own data", () => {
    for (const root of findItemRoots(doc)) {
      const item = extractItem(root, url);
      const dom = extractItem(root, url, { source: 'dom' });
      if (!item || !dom) continue;
      if (dom.voteCount !== null) expect(item.voteCount, item.id).toBe(dom.voteCount);
      if (dom.createdAt !== null) expect(item.createdAt, item.id).toBe(dom.createdAt);
      expect(item.author.name, item.id).toBe(dom.author.name);
      expect(item.author.url, item.id).toBe(dom.author.url);
    }
  });
});

describe.each(fixtureNames('.json'))('API %s', (name) => {
  it('every answer, article and pin normalizes to a clean item', () => {
    for (const o of apiObjects(fixtureJson(name))) {
      const item = normalizeApiObject(o, 'https://www.zhihu.com/');
      expect(item, `${o.kind} ${o.id}`).not.toBeNull();
      clean(item!);
      expect(item!.contentSource).toBe('api');
    }
  });
});
