// Seeds N synthetic posts straight into the extension's IndexedDB, from one of its own pages,
// with raw IndexedDB bulk writes in chunks (one transaction per chunk, as docs/performance-notes.md §2.1
// measured: ~3–8 s for 10k). The data is generated inside the page, so nothing large crosses CDP.
// Rows have the exact stored shape (src/storage/types.ts); the counter is set as commitPost would.
import type { Page } from '@playwright/test';

export interface SeedOptions {
  count: number;
  /** Characters of body text per post (docs/performance-notes.md §1: 6k measured; e2e uses less to stay quick). */
  textChars?: number;
  chunk?: number;
  /**
   * Real texts to cut the bodies from (the bench passes the fixtures' captured answers), so that
   * character and word statistics are Zhihu's; without it bodies are drawn from a 30-word list.
   */
  corpus?: readonly string[];
  /** Index of the first post: seeding again from `count` grows a library seeded before (the bench's 10k → 50k). */
  start?: number;
}

/** Every `NEEDLE_EVERY`-th post contains the needle word; search results are therefore known. */
export const NEEDLE = '量子纠缠';
export const NEEDLE_EVERY = 9;
export const AUTHORS = ['张佳玮', '叶壮', '李开复', '马前卒', '半佛仙人', '王小波研究会', '刘看山', '赵泠', '陈行甲', '钱文忠'];
export const SEED_BASE_TIME = Date.UTC(2025, 0, 1);

export async function seedPosts(extensionPage: Page, opts: SeedOptions): Promise<number> {
  const args = { start: opts.start ?? 0, count: opts.count, textChars: opts.textChars ?? 1500, chunk: opts.chunk ?? 1000, needle: NEEDLE, every: NEEDLE_EVERY, authors: AUTHORS, base: SEED_BASE_TIME, corpus: opts.corpus ?? [] };
  // tsx (the bench runs under it) wraps named inner functions in an `__name` helper the page lacks.
  await extensionPage.evaluate('globalThis.__name ??= (f) => f');
  return extensionPage.evaluate(async (a) => {
    const words = ['我们', '认为', '这个', '问题', '其实', '非常', '复杂', '历史', '经济', '社会', '发展', '科学', '技术', '文化', '教育', '孩子', '城市', '时间', '研究', '数据', '方法', '理解', '世界', '人生', '选择', '自由', '知识', '学习', '工作', '朋友'];
    const topics = ['历史', '经济学', '物理学', '心理学', '教育', '编程', '电影', '文学'];
    const kinds = ['answer', 'answer', 'answer', 'article', 'answer', 'pin', 'article', 'answer'] as const;
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const piece = (): string => {
      const text = a.corpus[rand(a.corpus.length)] ?? '';
      const start = rand(Math.max(1, text.length - 400));
      return text.slice(start, start + 400);
    };
    const body = (i: number): string => {
      let s = '';
      while (s.length < a.textChars) s += a.corpus.length ? piece() : words[rand(words.length)];
      if (a.corpus.length) s = s.slice(0, a.textChars);
      return i % a.every === 0 ? `${s.slice(0, 200)}${a.needle}${s.slice(200)}` : s;
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('zhihu-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const done = (tx: IDBTransaction): Promise<void> => new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    for (let start = a.start; start < a.start + a.count; start += a.chunk) {
      const tx = db.transaction(['posts', 'contents', 'texts'], 'readwrite');
      const [posts, contents, texts] = ['posts', 'contents', 'texts'].map((s) => tx.objectStore(s));
      for (let i = start; i < Math.min(a.start + a.count, start + a.chunk); i++) {
        const kind = kinds[i % kinds.length] ?? 'answer';
        const id = String(9_000_000_000 + i);
        const key = `${kind}:${id}`;
        const author = a.authors[i % a.authors.length] ?? '';
        const title = `第${i + 1}篇：${words[i % words.length]}与${words[(i * 7) % words.length]}的${topics[i % topics.length]}问题`;
        const text = body(i);
        const savedAt = a.base - i * 60_000;
        const createdAt = i % 13 === 0 ? null : savedAt - 86_400_000 * (1 + rand(900));
        const meta = {
          kind, id, url: `https://www.zhihu.com/question/1/answer/${id}`, question: null, topics: [topics[i % topics.length], topics[(i + 3) % topics.length]],
          authorInfo: { name: author, url: '', avatar: '', headline: '' }, createdAt, updatedAt: createdAt, voteCount: i % 11 === 0 ? null : rand(50_000),
          commentCount: rand(500), excerpt: text.slice(0, 80), sourceUrl: 'https://www.zhihu.com/', firstSavedAt: savedAt, savedAt,
          complete: i % 50 !== 7, incompleteReason: i % 50 !== 7 ? null : 'truncated', images: [], missingImages: i % 70 === 3 ? ['https://pic1.zhimg.com/x.jpg'] : [],
          revisionCount: i % 40 === 5 ? 1 : 0,
        };
        posts?.put({ key, title, categories: meta.topics, headimg: '', author, comments: false, date: new Date(createdAt ?? savedAt).toUTCString(), thumbnail: '', meta });
        contents?.put({ key, content: `<p>${text}</p>` });
        texts?.put({ key, text: `${title}\n${author}\n${text}`.toLowerCase() });
      }
      await done(tx);
    }
    const tx = db.transaction(['posts', 'counters'], 'readwrite');
    const countReq = tx.objectStore('posts').count();
    countReq.onsuccess = () => tx.objectStore('counters').put({ name: 'posts', value: countReq.result });
    await done(tx);
    db.close();
    return a.count;
  }, args);
}
