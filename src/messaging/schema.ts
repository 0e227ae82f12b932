/**
 * Schemas for everything that crosses a message boundary. Sizes are capped: the sender is a web
 * page's neighbour. A capture's bounds are within what the library holds (src/storage/post-schema.ts),
 * so a post saved from a capture is one every backup can carry.
 */
import * as v from 'valibot';
import { FUTURE_SLACK_MS } from '../shared/limits';
import { LIMITS, isHttpsUrl } from '../storage/post-schema';

const MAX_HTML = 5_000_000;
const shortText = (max: number = LIMITS.title) => v.pipe(v.string(), v.maxLength(max));
const httpsUrl = v.pipe(v.string(), v.maxLength(LIMITS.url), v.check((s) => s === '' || isHttpsUrl(s), 'https URL'));
/** No time in the future: an import refuses such posts (they would win every conflict), so the library never takes one. */
const epochMs = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.check((t) => t <= Date.now() + FUTURE_SLACK_MS, 'not in the future')));
const count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

export const CapturedItemSchema = v.strictObject({
  kind: v.picklist(['answer', 'article', 'pin']),
  id: v.pipe(v.string(), v.regex(/^\d{1,25}$/)),
  url: httpsUrl,
  title: shortText(),
  author: v.strictObject({ name: shortText(LIMITS.name), url: httpsUrl, avatar: httpsUrl, headline: shortText(LIMITS.headline) }),
  question: v.nullable(v.strictObject({ id: v.pipe(v.string(), v.regex(/^\d{1,25}$/)), url: httpsUrl, title: shortText() })),
  topics: v.pipe(v.array(shortText(LIMITS.topic)), v.maxLength(LIMITS.topics)),
  createdAt: epochMs,
  updatedAt: epochMs,
  voteCount: count,
  commentCount: count,
  excerpt: shortText(5_000),
  contentHtml: v.pipe(v.string(), v.maxLength(MAX_HTML)),
  images: v.pipe(v.array(httpsUrl), v.maxLength(2_000)),
  complete: v.boolean(),
  incompleteReason: v.nullable(v.picklist(['paid', 'truncated', 'excerpt'])),
  sourceUrl: httpsUrl,
  contentSource: v.picklist(['initialData', 'dom', 'api']),
});

export const SaveRequestSchema = v.strictObject({
  type: v.literal('capture/save'),
  item: CapturedItemSchema,
});

export const PostKeySchema = v.pipe(v.string(), v.regex(/^(answer|article|pin):\d{1,25}$/));

export const StatusRequestSchema = v.strictObject({
  type: v.literal('capture/status'),
  key: PostKeySchema,
});
