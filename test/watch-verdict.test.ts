// @vitest-environment node
// What the watch (issue #17) makes of Zhihu's answer about a saved item, on the real objects of
// test/fixtures/zhihu. No deleted, hidden or folded answer has been captured: those cases are the real
// objects with the one field changed that says so (is_collapsed, is_normal, question: null), and the 404
// body is ours (SOURCES.md); the rule reads only the status.
import { describe, expect, it } from 'vitest';
import { hashText, judge, type SavedFacts } from '../src/background/watch/verdict';
import { classifyResponse } from '../src/background/zhihu-response';
import { fixtureJson, fixtureText } from './support/fixtures';

type Obj = Record<string, unknown>;
const answer = fixtureJson('api-answer-1936787046304842491.json') as Obj;
const pin = fixtureJson('api-pin-2005983535018820072.json') as Obj;
/** The paid 盐选 article's own entity, from its page's js-initialData (camelCase: the same readers take both). */
function paidArticle(): Obj {
  const raw = (fixtureJson('article-712372795.json') as { rawHtml: string }).rawHtml;
  const json = /<script id="js-initialData" type="text\/json">(.*?)<\/script>/s.exec(raw)?.[1] ?? '';
  return ((JSON.parse(json) as { initialState: { entities: { articles: Record<string, Obj> } } }).initialState.entities.articles['712372795']) as Obj;
}

const savedAnswer = (over: Partial<SavedFacts> = {}): SavedFacts => ({
  kind: 'answer', id: '1936787046304842491', updatedAt: (answer.updated_time as number) * 1000, incompleteReason: null, lastTextHash: null, ...over,
});
const ok = (json: unknown) => ({ kind: 'ok', json }) as const;

describe('judge', () => {
  it('the same updated_time and text: 在知乎上可见, with the text hash kept for next time', () => {
    const v = judge(savedAnswer(), ok(answer));
    expect(v).toMatchObject({ kind: 'state', state: 'visible', textHash: hashText(answer.content as string) });
  });

  it('a later updated_time: 已修改, and the object is handed on for the re-save', () => {
    const v = judge(savedAnswer(), ok({ ...answer, updated_time: (answer.updated_time as number) + 86_400, content: '<p>改过了</p>' }));
    expect(v).toMatchObject({ kind: 'state', state: 'edited' });
    expect(v.kind === 'state' && v.object?.content).toBe('<p>改过了</p>');
  });

  it('an article in the newer object shape (updated_time, not updated): a later time is 已修改, the same time 可见', () => {
    // The real article object of the search capture, which dates itself as answers do.
    const found = JSON.stringify(fixtureJson('api-search-v3-general-falv-redacted.json'));
    const article = (JSON.parse(found) as { data: { object?: Obj }[] }).data.map((d) => d.object).find((o) => o?.type === 'article') as Obj;
    expect(article.updated).toBeUndefined();
    const saved: SavedFacts = { kind: 'article', id: String(article.id), updatedAt: (article.updated_time as number) * 1000, incompleteReason: null, lastTextHash: null };
    expect(judge(saved, ok(article))).toMatchObject({ state: 'visible' });
    expect(judge(saved, ok({ ...article, updated_time: (article.updated_time as number) + 60 }))).toMatchObject({ state: 'edited' });
  });

  it('the same updated_time but another text than the last check saw: 已修改', () => {
    const last = hashText(answer.content as string);
    expect(judge(savedAnswer({ lastTextHash: last }), ok({ ...answer, content: `${String(answer.content)}<p>补充</p>` }))).toMatchObject({ state: 'edited' });
    // Markup Zhihu varies between two answers (attributes, spacing) is not an edit.
    const sameText = String(answer.content).replace(/<p /g, '<p  class="x" ').replace(/<\/p>/g, '</p>\n');
    expect(judge(savedAnswer({ lastTextHash: last }), ok({ ...answer, content: sameText }))).toMatchObject({ state: 'visible' });
  });

  it('HTTP 404 (and 410): 已删除, whatever the body', () => {
    const body = JSON.stringify({ error: { message: '你似乎来到了没有知识存在的荒原', code: 404 } });
    const outcome = classifyResponse(404, 'application/json', body);
    expect(outcome.kind).toBe('unexpected');
    if (outcome.kind !== 'unexpected') return;
    expect(judge(savedAnswer(), outcome)).toEqual({ kind: 'state', state: 'deleted', textHash: null, object: null });
    const gone = classifyResponse(410, 'text/html', '<html>gone</html>');
    expect(gone.kind).toBe('unexpected');
    if (gone.kind === 'unexpected') expect(judge(savedAnswer(), gone)).toMatchObject({ state: 'deleted' });
  });

  it('a verification refusal is never read as deleted: it is not handed to judge at all', () => {
    expect(classifyResponse(404, 'application/json', fixtureText('api-error-40362-short.json')).kind).toBe('verify');
    expect(classifyResponse(403, 'application/json', fixtureText('api-error-10003-http403.json')).kind).toBe('verify');
  });

  it('a pin Zhihu marks is_deleted: 已删除', () => {
    const saved: SavedFacts = { kind: 'pin', id: '2005983535018820072', updatedAt: (pin.updated as number) * 1000, incompleteReason: null, lastTextHash: null };
    expect(judge(saved, ok(pin))).toMatchObject({ state: 'visible' });
    expect(judge(saved, ok({ ...pin, is_deleted: true }))).toMatchObject({ state: 'deleted', textHash: null });
  });

  it('an answer whose question is gone (question: null): 已删除, said to be the question', () => {
    expect(judge(savedAnswer(), ok({ ...answer, question: null }))).toMatchObject({ state: 'deleted', questionDeleted: true });
  });

  it('folded (is_collapsed) or no longer shown (is_normal: false): 已隐藏或折叠', () => {
    expect(judge(savedAnswer(), ok({ ...answer, is_collapsed: true, collapse_reason: '作者设置' }))).toMatchObject({ state: 'hidden', textHash: null });
    expect(judge(savedAnswer(), ok({ ...answer, is_normal: false }))).toMatchObject({ state: 'hidden' });
  });

  it('made paid since it was saved: 已设为付费; an item saved already paid is not', () => {
    const article = paidArticle();
    expect(article.articleType).toBe('paid');
    const saved: SavedFacts = { kind: 'article', id: '712372795', updatedAt: null, incompleteReason: null, lastTextHash: null };
    expect(judge(saved, ok(article))).toMatchObject({ state: 'paid' });
    expect(judge({ ...saved, incompleteReason: 'paid' }, ok(article))).toMatchObject({ state: 'visible' });
    expect(judge(savedAnswer(), ok({ ...answer, paid_info: { type: 'paid', has_purchased: false } }))).toMatchObject({ state: 'paid' });
  });

  it('anything else is unreachable, not a state: another item, another kind, not an object, a 400', () => {
    expect(judge(savedAnswer(), ok({ ...answer, id: '1' }))).toMatchObject({ kind: 'unreachable', detail: 'another item' });
    expect(judge(savedAnswer(), ok(pin))).toMatchObject({ kind: 'unreachable' });
    expect(judge(savedAnswer(), ok([answer]))).toMatchObject({ kind: 'unreachable', detail: 'not an object' });
    const bad = classifyResponse(400, 'application/json', fixtureText('api-error-40362-short.json').replace('40362', '100'));
    if (bad.kind === 'unexpected') expect(judge(savedAnswer(), bad)).toMatchObject({ kind: 'unreachable', detail: 'HTTP 400 code 100' });
    else expect.unreachable(bad.kind);
  });
});
