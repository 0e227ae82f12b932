import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleEntries, imageNames, type ImageInfo, type PageTools } from '../src/export/pipeline';
import { imageFileName } from '../src/backup/image-names';
import { zipBytes } from '../src/zip/writer';
import { makeXhtml } from '../src/ui/transfer/xhtml';
import { noImages, postsOf, readerOf } from './support/export-sources';
import { importHexoFiles } from '../src/import/hexo';
import { planImport } from '../src/import/plan';
import { bytesSource, readZip } from '../src/zip/reader';
import { SAVED_AT, SEEDS, samplePost, seedPost } from './fixtures-export/posts';

const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');
const tools: PageTools = { parse: parseHtml, xhtml: makeXhtml(window) };
const noop = (): void => undefined;

// The shipped pipeline (src/export/pipeline.ts) with in-memory sources in place of the library's.
describe('collection bundles', () => {
  it('a remote-image Hexo bundle holds the seed files byte for byte', async () => {
    const posts = [seedPost(0), seedPost(2)];
    const zip = await zipBytes(bundleEntries(posts.map((p) => p.title), postsOf(posts, 1), null, noImages, { format: 'hexo', tools, names: null }, noop));
    const files = await readZip(bytesSource(zip));
    if (!files.ok) throw new Error(files.error.code);
    expect([...files.value.keys()]).toEqual([`${posts[0]!.title}.md`, `${posts[1]!.title}.md`]);
    expect(Buffer.from(files.value.get(`${posts[0]!.title}.md`)!).equals(readFileSync(SEEDS[0]!))).toBe(true);
  });

  it('a Markdown bundle puts images under images/ and links them relatively', async () => {
    const post = seedPost(2);
    const url = 'https://pic2.zhimg.com/v2-66c0140c495ae5741767f6c9b7169ba3_r.jpg?source=b1748391';
    // A real JPEG signature: the pipeline writes only raster bytes into images/.
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 1, 2, 3]);
    const images: ImageInfo[] = [{ url, type: 'image/jpeg', size: jpeg.length }];
    const zip = await zipBytes(bundleEntries([post.title], postsOf([post]), images, readerOf(new Map([[url, jpeg]])), { format: 'markdown', tools, names: imageNames(images) }, noop));
    const files = await readZip(bytesSource(zip));
    if (!files.ok) throw new Error(files.error.code);
    const name = imageFileName(url, 'image/jpeg');
    expect(files.value.get(`images/${name}`)).toEqual(jpeg);
    expect(new TextDecoder().decode(files.value.get(`${post.title}.md`))).toContain(`](images/${name})`);
  });
});

describe('import planning and reports', () => {
  it('imports new posts, merges conflicts, skips duplicates and unchanged ones', () => {
    const a = samplePost();
    const newer = { ...a, content: '<p>new</p>', meta: { ...a.meta, updatedAt: (a.meta.updatedAt ?? 0) + 1 } };
    const b = seedPost(0);
    const plan = planImport([newer, b, b], new Map([[a.key, a]]));
    expect(plan.put.map((p) => p.key)).toEqual([a.key, b.key]);
    expect(plan.put[0]!.revisions?.[0]?.content).toBe(a.content);
    expect(plan.report).toEqual({ imported: 2, skipped: [{ name: b.title, reason: 'duplicate_in_file' }], replaced: [{ name: a.title, kept: 'incoming' }] });
    expect(planImport([a], new Map([[a.key, a]])).report).toEqual({ imported: 0, skipped: [{ name: a.title, reason: 'already_saved' }], replaced: [] });
  });

  it('imports a folder of Hexo files, skipping bad ones with a reason code', () => {
    const r = importHexoFiles(
      [
        { name: 'ok.md', text: readFileSync(SEEDS[1]!, 'utf8') },
        { name: 'bad.md', text: '---\ntitle: x\n---\n' },
      ],
      SAVED_AT,
    );
    expect(r.posts).toHaveLength(1);
    expect(r.posts[0]!.meta.sourceUrl).toBe('hexo:ok.md');
    expect(r.skipped).toEqual([{ name: 'bad.md', reason: 'hexo_bad_structure' }]);
  });
});
