import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { extractAll } from '../src/extract';
import { CapturedItemSchema } from '../src/messaging/schema';
import { seedDate, toPostRow } from '../src/storage/seed-shape';
import { fixtureDocument } from './support/fixtures';

describe('seed shape', () => {
  it('formats dates exactly as the seed (RFC 1123, GMT)', () => {
    expect(seedDate(Date.UTC(2022, 0, 10, 6, 27, 39), 0)).toBe('Mon, 10 Jan 2022 06:27:39 GMT');
  });

  it('turns a real capture into a row with exactly the seven seed keys plus meta', () => {
    const url = 'https://zhuanlan.zhihu.com/p/474542389';
    const [item] = extractAll(fixtureDocument('article-474542389.rawHtml.html', url), url);
    const row = toPostRow(item!, 1_700_000_000_000, []);
    expect(Object.keys(row).sort()).toEqual(['author', 'categories', 'comments', 'date', 'headimg', 'key', 'meta', 'thumbnail', 'title']);
    expect(row).toMatchObject({
      key: 'article:474542389',
      title: '2022-3-2 kali 社会工程学工具集social engineering toolkit',
      categories: ['社交媒体', '知乎', '知乎专栏'],
      author: '麦田里的守望者',
      comments: false,
      date: 'Wed, 02 Mar 2022 03:51:30 GMT',
      headimg: 'https://pic4.zhimg.com/v2-602fece6fca3ae1cfc4203f8b4530dad_1440w.jpg',
    });
    expect(row.thumbnail).toBe(row.headimg);
  });

  it('every real capture passes the message schema the background enforces', () => {
    const url = 'https://www.zhihu.com/question/573874788';
    for (const item of extractAll(fixtureDocument('question-573874788.html', url), url)) {
      expect(v.safeParse(CapturedItemSchema, item).success).toBe(true);
    }
  });

  it('the schema rejects a non-https image and unknown fields', () => {
    const url = 'https://zhuanlan.zhihu.com/p/474542389';
    const [item] = extractAll(fixtureDocument('article-474542389.rawHtml.html', url), url);
    expect(v.safeParse(CapturedItemSchema, { ...item, images: ['javascript:alert(1)'] }).success).toBe(false);
    expect(v.safeParse(CapturedItemSchema, { ...item, extra: 1 }).success).toBe(false);
  });
});
