// Extraction against real saved Zhihu pages: the values asserted are those in the files.
import { describe, expect, it } from 'vitest';
import { extractAll } from '../src/extract';
import { fixtureDocument } from './support/fixtures';

describe('answer page (answer-586816837-2916374892, logged out, 2023)', () => {
  const url = 'https://www.zhihu.com/question/586816837/answer/2916374892';
  const items = extractAll(fixtureDocument('answer-586816837-2916374892.html', url), url);

  it('finds the linked answer and the two collapsed ones', () => {
    expect(items.map((i) => i.id)).toEqual(['2916374892', '2915543920', '2916156099']);
  });

  it('reads the linked answer from js-initialData', () => {
    const a = items[0]!;
    expect(a.kind).toBe('answer');
    expect(a.title).toBe('2 月 28 日四川甘孜州泸定县发生 4.8 级地震，震源深度 8 千米，当地情况如何？');
    expect(a.author.name).toBe('西日韩留学吕老师');
    expect(a.author.url).toBe('https://www.zhihu.com/people/lu-jin-ze-2-47');
    // The page shows "发布于 2023-03-01 14:29" (UTC+8).
    expect(new Date(a.createdAt!).toISOString()).toBe('2023-03-01T06:29:33.000Z');
    expect(a.url).toBe(url);
    expect(a.question?.id).toBe('586816837');
    expect(a.contentSource).toBe('initialData');
    expect(a.images).toEqual(['https://pic1.zhimg.com/v2-e95eab1cb8a5877478a17b08800f9895_1440w.jpg?source=2c26e567']);
  });

  it('reads collapsed answers from the DOM, with their microdata', () => {
    const b = items[1]!;
    expect(b.author.name).toBe('等风');
    expect(b.voteCount).toBe(104);
    expect(b.commentCount).toBe(40);
    expect(new Date(b.createdAt!).toISOString()).toBe('2023-02-28T15:22:10.000Z');
    expect(b.contentSource).toBe('dom');
    expect(b.images).toHaveLength(4);
    expect(b.images[0]).toBe('https://pica.zhimg.com/v2-40f4713acc5b6fe088f60e40505db1f2_1440w.jpg?source=1def8aca');
  });

  it('never keeps lazy placeholders, noscript or link.zhihu.com', () => {
    for (const i of items) {
      expect(i.contentHtml).not.toMatch(/<noscript|src="data:|link\.zhihu\.com|zhida\.zhihu\.com/);
      expect(i.contentHtml).not.toMatch(/mcn-link-card|GoodsRecommendCard|展开阅读全文/);
    }
  });
});

describe('question page (question-573874788, 5 answers)', () => {
  const url = 'https://www.zhihu.com/question/573874788';
  const items = extractAll(fixtureDocument('question-573874788.html', url), url);

  it('extracts every answer in page order with its author and time', () => {
    expect(items.map((i) => [i.id, i.author.name, i.createdAt])).toEqual([
      ['2815464657', '赵泠', 1671955774000],
      ['1943825847816553990', 'Ember Edison', 1756224196000],
      ['2818297448', 'Comzyh', 1672131882000],
      ['2818662860', '将择道长', 1672149268000],
      ['2815547437', '为了竞赛', 1671960568000],
    ]);
    for (const i of items) expect(i.title).toBe('假如双性人自体受孕成功并产下一子的话，生下来的孩子DNA能和母体是100%吗？');
  });

  it('keeps TeX instead of MathJax output', () => {
    const html = items.map((i) => i.contentHtml).join('');
    expect(html).toContain('class="ztext-math"');
    expect(html).not.toMatch(/MathJax|<svg|math\/tex/);
  });
});

describe('article page (article-474542389)', () => {
  const url = 'https://zhuanlan.zhihu.com/p/474542389';
  const [a, ...rest] = extractAll(fixtureDocument('article-474542389.rawHtml.html', url), url);

  it('extracts the article and only it (recommendations are other posts)', () => {
    expect(rest).toHaveLength(0);
    expect(a?.kind).toBe('article');
    expect(a?.id).toBe('474542389');
    expect(a?.title).toBe('2022-3-2 kali 社会工程学工具集social engineering toolkit');
    expect(a?.author.name).toBe('麦田里的守望者');
    expect(new Date(a!.createdAt!).toISOString()).toBe('2022-03-02T03:51:30.000Z');
    expect(a?.complete).toBe(true);
  });

  it('resolves images to the seed form: _1440w src, _r data-original, no-referrer', () => {
    expect(a?.images).toHaveLength(16);
    expect(a?.images[2]).toBe('https://pic2.zhimg.com/v2-c6c5c0cbd9be8de0d5427efbed290553_1440w.jpg');
    expect(a?.contentHtml).toContain(
      'data-original="https://pic2.zhimg.com/v2-c6c5c0cbd9be8de0d5427efbed290553_r.jpg" referrerpolicy="no-referrer">',
    );
  });

  it('keeps code blocks as plain text with their language', () => {
    expect(a?.contentHtml).toMatch(/<pre><code class="language-text">[^<]+<\/code><\/pre>/);
  });
});

describe('paid article not purchased (article-712372795)', () => {
  const url = 'https://zhuanlan.zhihu.com/p/712372795';
  const [a] = extractAll(fixtureDocument('article-712372795.rawHtml.html', url), url);

  it('is saved but flagged incomplete', () => {
    expect(a?.title).toBe('当我性转后，三个室友狂喜');
    expect(a?.complete).toBe(false);
    expect(a?.incompleteReason).toBe('paid');
  });
});
