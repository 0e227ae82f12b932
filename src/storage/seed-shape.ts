/** Derives the seed's front-matter keys from what was captured (docs/zhihu-format.md §6.5). */
import type { CapturedItem } from '../extract/types';
import type { PostKey, PostRow } from './types';

export const DEFAULT_CATEGORIES: Record<CapturedItem['kind'], string[]> = {
  answer: ['社交媒体', '知乎', '知乎回答'],
  article: ['社交媒体', '知乎', '知乎专栏'],
  pin: ['社交媒体', '知乎', '知乎想法'],
};

export function postKey(item: Pick<CapturedItem, 'kind' | 'id'>): PostKey {
  return `${item.kind}:${item.id}`;
}

/** `Date.prototype.toUTCString()` is RFC 1123 (`Mon, 10 Jan 2022 06:27:39 GMT`), as RSSHub wrote it. */
export function seedDate(epochMs: number | null, fallbackMs: number): string {
  return new Date(epochMs ?? fallbackMs).toUTCString();
}

export function toPostRow(item: CapturedItem, savedAt: number, missingImages: string[]): PostRow {
  const first = item.images[0] ?? '';
  return {
    key: postKey(item),
    title: item.title,
    categories: [...DEFAULT_CATEGORIES[item.kind]],
    headimg: first,
    author: item.author.name,
    comments: false,
    date: seedDate(item.createdAt, savedAt),
    thumbnail: first,
    meta: {
      kind: item.kind,
      id: item.id,
      url: item.url,
      question: item.question,
      topics: item.topics,
      authorInfo: item.author,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      voteCount: item.voteCount,
      commentCount: item.commentCount,
      excerpt: item.excerpt,
      sourceUrl: item.sourceUrl,
      savedAt,
      complete: item.complete,
      incompleteReason: item.incompleteReason,
      images: item.images,
      missingImages,
    },
  };
}
