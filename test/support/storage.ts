// Storage tests run on fake-indexeddb in Node (real Blob, real structuredClone), one clean database per test.
import 'fake-indexeddb/auto';
import { db } from '../../src/storage/db';
import type { PostRow } from '../../src/storage/types';
import { toPostRow } from '../../src/storage/seed-shape';
import type { CapturedItem } from '../../src/extract/types';

export async function clearDatabase(): Promise<void> {
  const d = db();
  await d.transaction('rw', d.tables, async () => {
    for (const t of d.tables) await t.clear();
  });
}

export function capture(id: string, overrides: Partial<CapturedItem> = {}): CapturedItem {
  return {
    kind: 'answer',
    id,
    url: `https://www.zhihu.com/question/1/answer/${id}`,
    title: `问题 ${id}`,
    author: { name: '作者', url: 'https://www.zhihu.com/people/a', avatar: '', headline: '' },
    question: { id: '1', url: 'https://www.zhihu.com/question/1', title: `问题 ${id}` },
    topics: ['话题'],
    createdAt: Date.UTC(2024, 0, 1),
    updatedAt: Date.UTC(2024, 0, 2),
    voteCount: 3,
    commentCount: 1,
    excerpt: '摘要',
    contentHtml: `<p data-pid="x">正文 ${id}</p>`,
    images: [],
    complete: true,
    incompleteReason: null,
    sourceUrl: 'https://www.zhihu.com/question/1',
    contentSource: 'initialData',
    ...overrides,
  };
}

export function row(id: string, overrides: Partial<CapturedItem> = {}, savedAt = 1_000): PostRow {
  return toPostRow(capture(id, overrides), savedAt, []);
}

/** A stand-in image: PNG's signature then the label, so it is told apart and still sniffs as a raster image. */
export function png(label: string): Blob {
  return new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), new TextEncoder().encode(label)], { type: 'image/png' });
}
