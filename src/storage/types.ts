/**
 * The stored shape. A post row holds exactly the seed's front-matter keys plus `meta`;
 * the heavy HTML lives in its own table so that lists never load it (perf-limits.md).
 */
import type { AuthorInfo, ItemKind, QuestionInfo } from '../extract/types';

export type PostKey = `${ItemKind}:${string}`;

export interface PostMeta {
  kind: ItemKind;
  id: string;
  url: string;
  question: QuestionInfo | null;
  topics: string[];
  authorInfo: AuthorInfo;
  /** Epoch ms, or null when Zhihu did not say. */
  createdAt: number | null;
  updatedAt: number | null;
  voteCount: number | null;
  commentCount: number | null;
  excerpt: string;
  sourceUrl: string;
  savedAt: number;
  complete: boolean;
  incompleteReason: string | null;
  /** Image URLs of the content in order; the blobs are in the images table. */
  images: string[];
  /** Images whose download failed; they are retried later. */
  missingImages: string[];
}

export interface PostRow {
  key: PostKey;
  title: string;
  categories: string[];
  headimg: string;
  author: string;
  comments: false;
  /** RFC 1123, as the seed has it: `Mon, 10 Jan 2022 06:27:39 GMT`. */
  date: string;
  thumbnail: string;
  meta: PostMeta;
}

export interface ContentRow {
  key: PostKey;
  content: string;
}

export interface ImageRow {
  url: string;
  blob: Blob;
  type: string;
  size: number;
  storedAt: number;
}

/** A post with its content, as the reader and exporters see it. */
export interface FullPost extends PostRow {
  content: string;
}
