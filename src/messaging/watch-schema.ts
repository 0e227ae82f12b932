/** Schemas of the watch's messages (issue #17). Only extension pages may send them (protocol.ts ALLOWED_SENDERS). */
import * as v from 'valibot';
import { PostKeySchema } from './schema';

/**
 * 立即检查: `keys` = the library's selection, or null for everything. The largest library we design for
 * has 10,000 posts (docs/performance-notes.md), so a selection is bounded a little above it.
 */
export const WatchCheckRequestSchema = v.strictObject({
  type: v.literal('watch/check'),
  keys: v.nullable(v.pipe(v.array(PostKeySchema), v.minLength(1), v.maxLength(20_000))),
});

const runId = v.pipe(v.string(), v.regex(/^watch:\d{1,16}$/));

export const WatchResumeRequestSchema = v.strictObject({ type: v.literal('watch/resume'), id: runId });
export const WatchPauseRequestSchema = v.strictObject({ type: v.literal('watch/pause'), id: runId });
export const WatchCancelRequestSchema = v.strictObject({ type: v.literal('watch/cancel'), id: runId });
