// One schema for what the library holds (src/storage/post-schema.ts): whatever the library accepts —
// from a capture, a Hexo file or a backup — every later backup carries and restores. Before, a
// 2,000-character title (captures allowed it, backups 1,000), a pre-1970 date or 5,000+ images from a
// Hexo file made every later full backup fail with backup_bad_schema, found only when restoring.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { BackupPost } from '../src/backup/format';
import { readBackup } from '../src/backup/read';
import { backupZip, sourceOf } from '../src/backup/write';
import type { CapturedItem } from '../src/extract/types';
import { importHexo } from '../src/import/hexo';
import { CapturedItemSchema } from '../src/messaging/schema';
import { LIMITS, LibraryPostSchema } from '../src/storage/post-schema';
import { toPostRow } from '../src/storage/seed-shape';
import { bytesSource } from '../src/zip/reader';
import { collectStream } from '../src/zip/writer';
import { SEEDS } from './fixtures-export/posts';

async function roundTrip(posts: BackupPost[]): Promise<BackupPost[]> {
  const bytes = await collectStream(backupZip(sourceOf(posts, [])));
  const back = await readBackup(bytesSource(bytes));
  if (!back.ok) throw new Error(`${back.error.code}: ${back.error.detail}`);
  return back.value.posts;
}

const char = fc.constantFrom('a', 'Z', '9', ' ', '中', '文', '😀', "'", '"', '\\', '\n', '\u2028', '<', '>', '{', '}', '&', ':', '#', '-');
/**
 * Short random text, or long runs of lengths around every bound either schema has: the capture
 * schema decides which items pass (the filter below), the library schema must then take them all.
 */
const LENGTHS = [100, 200, 201, 1_000, 1_001, 2_000, 2_001, 5_000, 10_001];
const text = () => fc.oneof(fc.array(char, { maxLength: 40 }).map((a) => a.join('')), fc.constantFrom(...LENGTHS).map((n) => '题'.repeat(n)));
const url = fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{1,32}$/).map((h) => `https://pic1.zhimg.com/v2-${h}_720w.jpg`));
const time = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: Date.now() }));
const count = fc.oneof(fc.constant(null), fc.nat());

const capture: fc.Arbitrary<CapturedItem> = fc.record({
  kind: fc.constantFrom('answer', 'article', 'pin'),
  id: fc.stringMatching(/^\d{1,25}$/),
  url,
  title: text(),
  author: fc.record({ name: text(), url, avatar: url, headline: text() }),
  question: fc.oneof(fc.constant(null), fc.record({ id: fc.stringMatching(/^\d{1,25}$/), url, title: text() })),
  topics: fc.array(text(), { maxLength: 120 }),
  createdAt: time,
  updatedAt: time,
  voteCount: count,
  commentCount: count,
  excerpt: text(),
  contentHtml: text().map((t) => `<p>${t}</p>`),
  images: fc.uniqueArray(url.filter((u) => u !== ''), { maxLength: 30 }),
  complete: fc.boolean(),
  incompleteReason: fc.constantFrom(null, 'paid', 'truncated', 'excerpt'),
  sourceUrl: url,
  contentSource: fc.constantFrom('initialData', 'dom', 'api'),
}) as fc.Arbitrary<CapturedItem>;

describe('one schema for what the library holds', () => {
  it('every capture the message schema accepts becomes a post the library schema accepts, and a backup restores it exactly (property)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(capture, { minLength: 1, maxLength: 5 }), async (items) => {
        const ok = items.filter((i) => v.safeParse(CapturedItemSchema, i).success);
        accepted += ok.length;
        const seen = new Set<string>();
        const posts = ok.flatMap((item, i): BackupPost[] => {
          const row = toPostRow(item, 1_700_000_000_000 + i, []);
          if (seen.has(row.key)) return [];
          seen.add(row.key);
          return [{ ...row, content: item.contentHtml }];
        });
        for (const p of posts) expect(v.safeParse(LibraryPostSchema, p).issues ?? []).toEqual([]);
        const back = await roundTrip(posts);
        expect(back.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([...posts].sort((a, b) => (a.key < b.key ? -1 : 1)));
      }),
      { numRuns: 300 },
    );
    // The generator must reach the schema's edges, not only trivial items.
    expect(accepted).toBeGreaterThan(50);
  });

  it('a capture with a 2,000-character title is backed up and restored (the backup schema allowed 1,000)', async () => {
    const item = v.parse(CapturedItemSchema, {
      kind: 'answer', id: '1', url: 'https://www.zhihu.com/question/2/answer/1', title: '长'.repeat(2_000),
      author: { name: 'a', url: '', avatar: '', headline: 'h'.repeat(2_000) }, question: { id: '2', url: '', title: '问'.repeat(2_000) }, topics: [],
      createdAt: 0, updatedAt: null, voteCount: null, commentCount: null, excerpt: '', contentHtml: '<p>x</p>', images: [], complete: true,
      incompleteReason: null, sourceUrl: '', contentSource: 'dom',
    }) as CapturedItem;
    const post = { ...toPostRow(item, 1, []), content: item.contentHtml };
    expect(await roundTrip([post])).toEqual([post]);
  });

  it('a Hexo file with a date before 1970 or more images than a post keeps is refused at import, with a reason', () => {
    const seed = readFileSync(SEEDS[1]!, 'utf8');
    const old = seed.replace(/^date: .*$/m, 'date: Wed, 31 Dec 1969 00:00:00 GMT');
    expect(importHexo(old, 1)).toMatchObject({ ok: false, error: { code: 'post_out_of_bounds' } });
    const images = Array.from({ length: LIMITS.images + 1 }, (_, i) => `<img src="https://pic1.zhimg.com/v2-${i}.jpg">`).join('');
    const many = seed.replace('的回答<br><br>', `的回答<br><br>${images}`);
    expect(importHexo(many, 1)).toMatchObject({ ok: false, error: { code: 'post_out_of_bounds' } });
    // The seed itself is within bounds.
    expect(importHexo(seed, 1).ok).toBe(true);
  });
});
