import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BackupImageInput } from '../src/backup/format';
import { bundleEntries } from '../src/export/bundle';
import { imageFileName } from '../src/export/image-names';
import { zipBytes } from '../src/zip/writer';
import { importHexoFiles } from '../src/import/hexo';
import { planImport } from '../src/import/plan';
import { bytesSource, readZip } from '../src/zip/reader';
import { SAVED_AT, SEEDS, samplePost, seedPost } from './fixtures-export/posts';

const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

describe('collection bundles', () => {
  it('a remote-image Hexo bundle holds the seed files byte for byte', async () => {
    const posts = [seedPost(0), seedPost(2)];
    const zip = await zipBytes(bundleEntries(posts, null, { kind: 'hexo' }));
    const files = await readZip(bytesSource(zip));
    if (!files.ok) throw new Error(files.error.code);
    expect([...files.value.keys()]).toEqual([`${posts[0]!.title}.md`, `${posts[1]!.title}.md`]);
    expect(Buffer.from(files.value.get(`${posts[0]!.title}.md`)!).equals(readFileSync(SEEDS[0]!))).toBe(true);
  });

  it('a Markdown bundle puts images under images/ and links them relatively', async () => {
    const post = seedPost(2);
    const url = 'https://pic2.zhimg.com/v2-66c0140c495ae5741767f6c9b7169ba3_r.jpg?source=b1748391';
    const images: BackupImageInput[] = [{ url, type: 'image/jpeg', size: 3, storedAt: 1, data: new Uint8Array([1, 2, 3]) }];
    const zip = await zipBytes(bundleEntries([post], images, { kind: 'markdown', options: { parse: parseHtml } }));
    const files = await readZip(bytesSource(zip));
    if (!files.ok) throw new Error(files.error.code);
    const name = imageFileName(url, 'image/jpeg');
    expect(files.value.get(`images/${name}`)).toEqual(new Uint8Array([1, 2, 3]));
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
