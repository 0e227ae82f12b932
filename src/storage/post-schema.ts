/**
 * What the library holds: ONE schema for a post, shared by everything that puts posts in
 * (the capture message's schema takes its bounds from here, the Hexo import and the backup
 * import validate against it) and by the backup, which writes and reads exactly this. A post the
 * library accepts is therefore a post every later backup can carry and restore: before, a capture
 * could hold a 2,000-character title and a Hexo file a pre-1970 date or 5,000+ images that the
 * backup schema refused, so one such post made every later full backup unrestorable.
 * Keep in step with src/storage/types.ts: a new PostMeta field needs a change here (and, if old
 * backups lack it, a backup version bump with a migration).
 */
import * as v from 'valibot';

const MB = 1024 * 1024;

/** The bounds, named so the capture schema (src/messaging/schema.ts) can stay within them. */
export const LIMITS = {
  title: 2_000,
  name: 200,
  headline: 2_000,
  topic: 200,
  topics: 100,
  excerpt: 10_000,
  url: 4_096,
  content: 5 * MB,
  images: 5_000,
  tag: 100,
  tags: 200,
  note: 100_000,
  revisions: 1_000,
  categories: 20,
  /** Comments of one post (the cap setting's largest value) and one comment's HTML. */
  comments: 10_000,
  comment: 100_000,
} as const;

export const Str = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Parses as an https URL (a string that merely starts with `https://` may not). */
export function isHttpsUrl(u: string): boolean {
  try {
    return new URL(u).protocol === 'https:';
  } catch {
    return false;
  }
}
export const Url = v.pipe(Str(LIMITS.url), v.check((u) => u === '' || isHttpsUrl(u), 'https URL or empty'));
/** headimg/thumbnail may hold a relative or picsum URL from the seed archive; bounded text only. */
const LooseUrl = Str(LIMITS.url);
/** Milliseconds since 1970, as JavaScript dates go: a time before 1970 is not one Zhihu can have. */
export const Epoch = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const Count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));
const Kind = v.picklist(['answer', 'article', 'pin']);
const Key = v.pipe(Str(100), v.regex(/^(answer|article|pin):[\w-]{1,80}$/));

const AuthorInfo = v.strictObject({ name: Str(LIMITS.name), url: Url, avatar: Url, headline: Str(LIMITS.headline) });
const Question = v.nullable(v.strictObject({ id: Str(40), url: Url, title: Str(LIMITS.title) }));

const Meta = v.strictObject({
  kind: Kind,
  id: v.pipe(Str(80), v.regex(/^[\w-]+$/)),
  url: Url,
  question: Question,
  topics: v.pipe(v.array(Str(LIMITS.topic)), v.maxLength(LIMITS.topics)),
  authorInfo: AuthorInfo,
  createdAt: v.nullable(Epoch),
  updatedAt: v.nullable(Epoch),
  voteCount: Count,
  commentCount: Count,
  excerpt: Str(LIMITS.excerpt),
  sourceUrl: Str(LIMITS.url),
  firstSavedAt: v.optional(Epoch),
  savedAt: Epoch,
  complete: v.boolean(),
  incompleteReason: v.nullable(Str(1000)),
  images: v.pipe(v.array(Url), v.maxLength(LIMITS.images)),
  missingImages: v.pipe(v.array(Url), v.maxLength(LIMITS.images)),
  revisionCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

const Revision = v.strictObject({
  key: Key,
  savedAt: Epoch,
  replacedAt: v.optional(Epoch),
  title: Str(LIMITS.title),
  content: Str(LIMITS.content),
  updatedAt: v.optional(v.nullable(Epoch)),
});

const CommentId = v.pipe(Str(25), v.regex(/^\d{1,25}$/));

const CommentItem = v.strictObject({
  id: CommentId,
  rootId: v.nullable(CommentId),
  replyToId: v.nullable(CommentId),
  replyTo: v.nullable(Str(LIMITS.name)),
  author: v.strictObject({ name: Str(LIMITS.name), url: Url }),
  createdAt: v.nullable(Epoch),
  likes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  html: Str(LIMITS.comment),
  replyCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** A post's saved comments (issue #17): `kept` is the list's length, so a file cannot claim more than it holds. */
const CommentThread = v.pipe(
  v.strictObject({
    state: v.picklist(['complete', 'capped', 'partial', 'missing', 'fetching']),
    reason: v.nullable(v.picklist(['verify', 'login', 'network', 'server', 'unexpected', 'interrupted'])),
    total: Count,
    kept: v.pipe(v.number(), v.integer(), v.minValue(0)),
    fetchedAt: Epoch,
    items: v.pipe(v.array(CommentItem), v.maxLength(LIMITS.comments)),
  }),
  v.check((t) => t.kept === t.items.length && new Set(t.items.map((c) => c.id)).size === t.items.length, 'kept is the number of comments, ids unique'),
);

export const LibraryPostSchema = v.strictObject({
  key: Key,
  title: Str(LIMITS.title),
  categories: v.pipe(v.array(Str(LIMITS.topic)), v.maxLength(LIMITS.categories)),
  headimg: LooseUrl,
  author: Str(LIMITS.name),
  comments: v.literal(false),
  date: Str(100),
  thumbnail: LooseUrl,
  meta: Meta,
  content: Str(LIMITS.content),
  revisions: v.optional(v.pipe(v.array(Revision), v.maxLength(LIMITS.revisions))),
  tags: v.optional(v.pipe(v.array(Str(LIMITS.tag)), v.maxLength(LIMITS.tags))),
  note: v.optional(Str(LIMITS.note)),
  commentThread: v.optional(CommentThread),
});
