/** Schemas of the batch-save messages (issue #14). The sender checks live in protocol.ts (ALLOWED_SENDERS). */
import * as v from 'valibot';
import { CapturedItemSchema } from './schema';

const numericId = v.pipe(v.string(), v.regex(/^\d{1,25}$/));
/** Column slugs (c_1335313713054887936, or a custom word) and people url_tokens. */
const slug = v.pipe(v.string(), v.regex(/^[\w-]{1,100}$/));

export const BatchSourceSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('question'), id: numericId }),
  v.strictObject({ kind: v.literal('collection'), id: numericId }),
  v.strictObject({ kind: v.literal('column'), id: slug }),
  v.strictObject({ kind: v.literal('people'), id: slug, tab: v.picklist(['answers', 'posts', 'pins']) }),
]);

export const BatchStartRequestSchema = v.strictObject({
  type: v.literal('batch/start'),
  source: BatchSourceSchema,
  /** Question pages only: the page's own next link (initialState.question.answers[<qid>].next); checked by the worker. */
  next: v.nullable(v.pipe(v.string(), v.maxLength(4_000))),
  /** The items the page already holds, captured as their buttons would. */
  items: v.pipe(v.array(CapturedItemSchema), v.maxLength(100)),
  /** The count the page shows (answerCount, itemCount…); only for the progress text. */
  total: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000))),
  /** The 收藏夹 or column name, for its tag. */
  name: v.pipe(v.string(), v.maxLength(200)),
  /** The question's topics, as a click-save on this page gets them. */
  topics: v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(100)),
});

export const BatchOfferRequestSchema = v.strictObject({ type: v.literal('batch/offer') });

const batchId = v.pipe(v.string(), v.regex(/^(question|collection|column|people):[\w-]{1,100}(:(answers|posts|pins))?$/));

export const BatchResumeRequestSchema = v.strictObject({ type: v.literal('batch/resume'), id: batchId });
export const BatchCancelRequestSchema = v.strictObject({ type: v.literal('batch/cancel'), id: batchId });
export const BatchPauseRequestSchema = v.strictObject({ type: v.literal('batch/pause'), id: batchId });
export const BatchRetryRequestSchema = v.strictObject({ type: v.literal('batch/retry'), id: batchId });

export const BatchPageItemsRequestSchema = v.strictObject({
  type: v.literal('batch/page-items'),
  items: v.pipe(v.array(CapturedItemSchema), v.maxLength(100)),
  end: v.boolean(),
});

/** What a content script answers to content/normalize. */
export const NormalizeReplySchema = v.strictObject({ item: v.nullable(CapturedItemSchema) });

/**
 * A click-save's full-text request, made by the worker's scheduler for the content script: only the
 * single-item URLs src/content/fetch-full.ts builds.
 */
export const ZhihuItemRequestSchema = v.strictObject({
  type: v.literal('zhihu/item'),
  url: v.pipe(
    v.string(),
    v.maxLength(1_000),
    v.regex(/^https:\/\/(www\.zhihu\.com\/api\/v4\/(answers|articles|pins)\/\d{1,25}(\?include=[\w%.,-]*)?|zhuanlan\.zhihu\.com\/api\/articles\/\d{1,25})$/),
  ),
});
