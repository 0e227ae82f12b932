/** Schemas for everything that crosses a message boundary. Sizes are capped: the sender is a web page's neighbour. */
import * as v from 'valibot';

const MAX_HTML = 5_000_000;
const shortText = (max = 2_000) => v.pipe(v.string(), v.maxLength(max));
const httpsUrl = v.pipe(v.string(), v.maxLength(4_000), v.check((s) => s === '' || s.startsWith('https://'), 'https URL'));
const epochMs = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15)));
const count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

export const CapturedItemSchema = v.strictObject({
  kind: v.picklist(['answer', 'article', 'pin']),
  id: v.pipe(v.string(), v.regex(/^\d{1,25}$/)),
  url: httpsUrl,
  title: shortText(),
  author: v.strictObject({ name: shortText(200), url: httpsUrl, avatar: httpsUrl, headline: shortText() }),
  question: v.nullable(v.strictObject({ id: v.pipe(v.string(), v.regex(/^\d{1,25}$/)), url: httpsUrl, title: shortText() })),
  topics: v.pipe(v.array(shortText(200)), v.maxLength(100)),
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
