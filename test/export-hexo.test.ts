import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as hexoFrontMatterParse } from 'hexo-front-matter';
import { parse } from 'yaml';
import { hexoFrontMatter, hexoPieces, hexoPost } from '../src/export/hexo';
import { postEntries, renderer } from '../src/export/pipeline';
import { makeXhtml } from '../src/ui/transfer/xhtml';
import { postsOf } from './support/export-sources';
import { importHexo } from '../src/import/hexo';
import { makeImportCleaner } from '../src/ui/sanitize/import-cleaner';
import { SAVED_AT, SEEDS, imported, samplePost } from './fixtures-export/posts';

/** What the 导出与导入 page passes (entries.ts): the import's cleaner, run again on each stored body (#7). */
const importClean = makeImportCleaner(window);
const clean = (html: string): string => importClean(html).html;

describe('hexo golden round trip (seed files, byte-identical)', () => {
  for (const file of SEEDS) {
    it(`import → export reproduces ${file.split('/').pop()}, with and without the page's cleaner`, () => {
      const bytes = readFileSync(file);
      const post = imported(bytes.toString('utf8'));
      expect(Buffer.from(hexoPost(post), 'utf8').equals(bytes)).toBe(true);
      expect(Buffer.from(hexoPost(post, { clean }), 'utf8').equals(bytes)).toBe(true);
      // The pieces the ZIP writer gets: the stored body is one of them, as the very string that was read.
      const pieces = hexoPieces(post, { clean });
      expect(pieces.join('')).toBe(hexoPost(post, { clean }));
      expect(pieces[1]).toBe(post.content.replace(/\{/g, '&#123;').replace(/\}/g, '&#125;'));
    });
  }

  it('reads the seed as the stored shape expects', () => {
    const post = imported(readFileSync(SEEDS[0]!, 'utf8'));
    expect(post.author).toBe('知乎');
    expect(post.meta.authorInfo.name).toBe('艾伦小星');
    expect(post.meta.kind).toBe('answer');
    expect(post.categories).toEqual(['社交媒体', '知乎', '知乎热榜']);
    expect(post.date).toBe('Mon, 10 Jan 2022 06:27:39 GMT');
    expect(post.meta.updatedAt).toBe(Date.UTC(2022, 0, 10, 6, 27, 39));
    expect(post.content.startsWith('<h1>')).toBe(true);
    expect(post.key).toMatch(/^answer:seed-[0-9a-f]{16}$/);
    expect(imported(readFileSync(SEEDS[0]!, 'utf8')).key).toBe(post.key);
  });

  it('rejects files that are not seed-shaped, with a code', () => {
    expect(importHexo('hello', SAVED_AT)).toMatchObject({ ok: false, error: { code: 'hexo_bad_structure' } });
    const text = readFileSync(SEEDS[1]!, 'utf8').replace('comments: false', 'comments: false\nextra: 1');
    expect(importHexo(text, SAVED_AT)).toMatchObject({ ok: false, error: { code: 'hexo_bad_front_matter' } });
    const noPrefix = readFileSync(SEEDS[1]!, 'utf8').replace('的回答<br><br>', '<br><br>');
    expect(importHexo(noPrefix, SAVED_AT)).toMatchObject({ ok: false, error: { code: 'hexo_no_author_prefix' } });
  });
});

const ADVERSARIAL = [
  "It's a 'quote'",
  'He said "hi"',
  `both ' and " and \\ backslash`,
  'colon: here and # hash',
  '#leading hash',
  '- leading dash',
  'line\nbreak\r\nand tab\t',
  'sep\u2028line\u2029para\u0085nel',
  'emoji 😀👨‍👩‍👧 and 中文？',
  '{braces} {{ nunjucks }} {% tag %}',
  '  padded  ',
  '',
  'true',
  '123',
  'null',
  '&anchor *alias !tag |pipe >fold %pct @at `tick',
  '\u0000nul\u0007bel\u007fdel\ufeffbom',
];

describe('adversarial YAML values round-trip through the yaml parser', () => {
  for (const title of ADVERSARIAL) {
    it(`title ${JSON.stringify(title)}`, () => {
      const post = samplePost({ title, author: title || 'x', categories: [title || 'c', 'b'], date: title || 'd', headimg: title, thumbnail: title });
      const text = hexoPost(post);
      const fm = text.slice(5, text.indexOf('\n---\n\n<div>') + 1);
      expect(parse(fm, { schema: 'core' })).toEqual({
        title,
        categories: [title || 'c', 'b'],
        headimg: title,
        author: title || 'x',
        comments: false,
        date: title || 'd',
        thumbnail: title,
      });
      // And our own importer reads it back (with a real date: one like '123' is a year before 1970, refused).
      const back = importHexo(hexoPost({ ...post, date: 'Mon, 04 Jul 2022 03:59:05 GMT' }), SAVED_AT);
      expect(back.ok && back.value.title).toBe(title);
    });
  }

  // Hexo reads front matter with hexo-front-matter (js-yaml's default schema: dates, YAML 1.1
  // numbers). Every value must come back as the string it was, there as in `yaml`'s core schema.
  it('reads back every value as the same string in Hexo\'s own front-matter parser (property)', () => {
    const char = fc.constantFrom('0', '1', '9', '.', '+', '-', ':', ' ', '#', "'", '"', '\\', 'e', 'E', 'x', '_', 'T', 'Z', 'n', 'y', 'o', 'N', '~', '<', '{', '[', '!', '&', '*', '|', '>', '%', '@', '`', '?', ',', '中', '\t');
    const value = fc.oneof(fc.array(char, { minLength: 1, maxLength: 12 }).map((a) => a.join('')), fc.constantFrom('.5', '-.5', '+1', '1e3', '0x1F', '0o17', '1_000', '2022-07-04', '2022-07-04 12:00:00', '2001-12-14t21:59:43.10-05:00', '.inf', '.NaN', 'null', 'Yes', 'off', '<<', '=', '12:30:00', '1:20'));
    fc.assert(
      fc.property(value, (v) => {
        const post = samplePost({ title: v, author: v, categories: [v] });
        const fm = hexoFrontMatterParse(hexoPost(post).slice(1)) as Record<string, unknown>;
        expect([fm.title, fm.author, fm.categories]).toEqual([v, v, [v]]);
        expect(parse(hexoPost(post).split('\n---\n')[1]!, { schema: 'core' })).toMatchObject({ title: v, author: v, categories: [v] });
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps braces in the body Hexo-safe and lossless', () => {
    const post = samplePost({ content: '<p>{{ x }} {% y %}</p>' });
    const text = hexoPost(post);
    expect(text).toContain('<p>&#123;&#123; x &#125;&#125; &#123;% y %&#125;</p>');
    const back = importHexo(text, SAVED_AT);
    expect(back.ok && back.value.content).toBe('<p>{{ x }} {% y %}</p>');
  });
});

describe('hexo options', () => {
  it('writes 知乎 or the answerer as author, articles as 的文章', () => {
    const post = samplePost({ author: 'IceBear' });
    expect(hexoPost(post, { author: 'zhihu' })).toContain('\nauthor: 知乎\n');
    const article = samplePost({ meta: { ...samplePost().meta, kind: 'article' } });
    expect(hexoPost(article)).toContain('\nIceBear的文章<br><br>');
  });

  it('bundles images under images/ with relative paths', () => {
    const post = samplePost();
    const url = post.headimg;
    const text = hexoPost(post, { images: { mode: 'bundled', names: new Map([[url, 'abc.jpg']]) } });
    expect(text).toContain("headimg: 'images/abc.jpg'");
    expect(text).toContain('src="images/abc.jpg"');
    expect(text).not.toContain(`src="${url}"`);
    // Cleaned before the mapping: the cleaner would refuse the relative path.
    expect(hexoPost(post, { clean, images: { mode: 'bundled', names: new Map([[url, 'abc.jpg']]) } })).toBe(text);
  });

  it('cleans a dirty stored body with the tool it is given', () => {
    const post = samplePost({ content: '<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:alert(1)">链接</a>' });
    const body = hexoPost(post, { clean }).slice(hexoFrontMatter(post).length);
    expect(body).toContain('<p>正文</p><a>链接</a>');
    expect(body).not.toMatch(/onclick|<script|javascript:/);
  });

  it('names files by the seed rule, safely and uniquely', async () => {
    const posts = ['为什么C++有一些奇特的语法？', '为什么C++有一些奇特的语法？', 'a:b/c?.md', 'CON'].map((title) => samplePost({ title }));
    const render = renderer({ format: 'hexo', tools: { parse: (h) => new DOMParser().parseFromString(h, 'text/html'), xhtml: makeXhtml(window) }, names: null });
    const names: string[] = [];
    for await (const e of postEntries(posts.map((p) => p.title), postsOf(posts), '.md', render, () => undefined)) names.push(e.name);
    expect(names).toEqual([
      '为什么C++有一些奇特的语法？.md',
      '为什么C++有一些奇特的语法？ (2).md',
      'a_b_c_md.md',
      'CON_.md',
    ]);
  });
});
