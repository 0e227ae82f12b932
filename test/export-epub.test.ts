// EPUB 3 export (issue #6): built from posts extracted from real fixtures and checked by
// Debian's epubcheck. On CI (CI=true) a missing epubcheck fails the test instead of skipping it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { epubcheckJar } from '../scripts/system-tools';
import { describe, expect, it } from 'vitest';
import { chapterXhtml, epubIdentifier } from '../src/export/epub';
import { epubEntries, type ImageInfo, type PageTools } from '../src/export/pipeline';
import type { BackupPost } from '../src/backup/format';
import { toPostRow } from '../src/storage/seed-shape';
import { filesOf, postsOf, readerOf } from './support/export-sources';
import { hostileCommentThread } from './fixtures/attack-corpus/vectors';
import { zipBytes, type ZipEntry } from '../src/zip/writer';
import { extractAll } from '../src/extract';
import { makeXhtml } from '../src/ui/transfer/xhtml';
import { seedPost } from './fixtures-export/posts';
import { fixtureUrl, sharedFixtureDocument } from './support/fixtures';

const FIXTURE_PAGES = ['answer-586816837-2916374892.html', 'article-22925478480-math.html'];
const xhtml = makeXhtml(window);

function png(seed: number): Uint8Array {
  const img = new PNG({ width: 4, height: 4 });
  img.data.fill(seed % 256);
  return new Uint8Array(PNG.sync.write(img));
}

interface Book {
  posts: BackupPost[];
  images: ImageInfo[];
  bytes: Map<string, Uint8Array>;
}

/** Posts extracted from real pages and the seed posts, with every image they show, as the library would hold them. */
function book(): Book {
  const items = FIXTURE_PAGES.flatMap((name) => extractAll(sharedFixtureDocument(name), fixtureUrl(name)));
  const seeds = [0, 1, 2].map(seedPost);
  const urls = [...new Set([...items.flatMap((i) => i.images), ...seeds.flatMap((s) => s.meta.images)])];
  const bytes = new Map(urls.map((url, i) => [url, png(i)]));
  const images = urls.map((url) => ({ url, type: 'image/png', size: bytes.get(url)?.length ?? 0 }));
  const posts: BackupPost[] = [...items.map((i) => ({ ...toPostRow(i, Date.UTC(2023, 1, 28), []), content: i.contentHtml })), ...seeds];
  // A chapter with comments (issue #17), hostile ones among them: the section must stay valid XHTML for epubcheck.
  const thread = hostileCommentThread(['<p>评论一</p>', '<p>回复 <a href="https://www.zhihu.com/people/x">@x</a></p>', '</blockquote></div><img src=x onerror=alert(1)><p>三', '<p>四<br>行</p>']);
  posts[posts.length - 1] = { ...posts[posts.length - 1]!, commentThread: thread };
  return { posts, images, bytes };
}

const tools: PageTools = { parse: (h) => new DOMParser().parseFromString(h, 'text/html'), xhtml };

/** The shipped pipeline (src/export/pipeline.ts), with the book's posts and image bytes as its sources. */
function entries(b: Book, meta: { title: string; modified: number }): AsyncIterable<ZipEntry> {
  return epubEntries(meta, b.posts, postsOf(b.posts), b.images, readerOf(b.bytes), tools, () => undefined);
}

// Debian's epubcheck, run as `java -jar` (scripts/system-tools.ts says why and where it is looked for).
const epubcheck = (args: string[]): [string, string[]] => ['java', ['-jar', epubcheckJar(), ...args]];

describe('EPUB export', () => {
  it('is deterministic and escapes everything it writes itself', async () => {
    const meta = { title: '知乎离线 <选集> & "测试"', modified: Date.UTC(2024, 0, 1) };
    const a = await zipBytes(entries(book(), meta));
    const b = await zipBytes(entries(book(), meta));
    expect(a).toEqual(b);
    expect(new TextDecoder().decode(a.subarray(30, 38))).toBe('mimetype');
    expect(epubIdentifier(['answer:1', 'answer:2'])).toBe(epubIdentifier(['answer:2', 'answer:1']));
    expect(epubIdentifier(['answer:1'])).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const evil = chapterXhtml({ key: 'answer:1', title: '</title><script>x</script>', author: 'a\u0001', date: '', url: 'javascript:x', body: '<p xmlns="http://www.w3.org/1999/xhtml">ok</p>' });
    expect(evil).not.toContain('<script>');
    expect(evil).not.toContain('javascript:');
    expect(evil).not.toContain('\u0001');
  });

  it('passes epubcheck', async () => {
    const b = book();
    expect(b.posts.length).toBeGreaterThanOrEqual(4);
    const files = await filesOf(entries(b, { title: 'x', modified: 0 }));
    const chapters = [...files].filter(([name]) => name.endsWith('.xhtml')).map(([, bytes]) => new TextDecoder().decode(bytes)).join('\n');
    // Chapters link the packaged images, and the comments section is there.
    expect(chapters).toContain('../images/');
    expect(chapters).toContain('评论一');
    const dir = mkdtempSync(join(tmpdir(), 'zo-epub-'));
    const file = join(dir, 'book.epub');
    writeFileSync(file, await zipBytes(entries(b, { title: '知乎离线 · 选集', modified: Date.UTC(2024, 0, 1) })));
    try {
      const [cmd, args] = epubcheck(['-q', file]);
      execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`epubcheck failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`, { cause: e });
    }
  }, 120_000);
});
