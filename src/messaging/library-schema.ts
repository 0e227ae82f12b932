/** Schemas of the library messages (issue #5); kept apart from schema.ts so each owner edits one file. */
import * as v from 'valibot';
import { PostKeySchema } from './schema';

export const SaveInViewRequestSchema = v.strictObject({
  type: v.literal('tab/save-in-view'),
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** A Zhihu page shows at most a few hundred items; cap what one page may ask. */
export const LookupRequestSchema = v.strictObject({
  type: v.literal('library/lookup'),
  keys: v.pipe(v.array(PostKeySchema), v.maxLength(500)),
});

/** What the content script answers to content/save-in-view. */
export const SaveInViewReplySchema = v.strictObject({
  key: v.nullable(PostKeySchema),
});

/** The reader asks for a saved post's comments (issue #17). */
export const CommentsFetchRequestSchema = v.strictObject({
  type: v.literal('comments/fetch'),
  key: PostKeySchema,
});
