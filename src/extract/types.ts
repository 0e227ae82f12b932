/** What the content script captures from one Zhihu item. Pure data: it crosses the message boundary. */
export type ItemKind = 'answer' | 'article' | 'pin';

/**
 * Why a saved item is not the whole text: 'paid' (paid content not bought), 'truncated' (a preview,
 * e.g. for logged-out readers), 'excerpt' (a feed or list card that shows only the start).
 */
export type IncompleteReason = 'paid' | 'truncated' | 'excerpt';

export type ContentSource = 'initialData' | 'dom' | 'api';

export interface AuthorInfo {
  name: string;
  url: string;
  avatar: string;
  headline: string;
}

export interface QuestionInfo {
  id: string;
  url: string;
  title: string;
}

export interface CapturedItem {
  kind: ItemKind;
  id: string;
  /** Canonical URL of the item on Zhihu. */
  url: string;
  /** Question title for answers, the article title otherwise. */
  title: string;
  author: AuthorInfo;
  question: QuestionInfo | null;
  topics: string[];
  /** Epoch milliseconds; null when the page does not tell. */
  createdAt: number | null;
  updatedAt: number | null;
  voteCount: number | null;
  commentCount: number | null;
  excerpt: string;
  /** Clean item HTML in the seed's conventions (what follows `的回答<br><br>`). */
  contentHtml: string;
  /** Image URLs of the content, in document order, without duplicates. */
  images: string[];
  complete: boolean;
  incompleteReason: IncompleteReason | null;
  /** Where the item was captured from. */
  sourceUrl: string;
  /** Which source gave the body: the page's initialData, the DOM, or the API. */
  contentSource: ContentSource;
}
