/**
 * Strict valibot schemas for a backup (format.ts): v1's backup.json, v2's manifest, checksums and
 * post files (docs/threats.md, import rules): unknown keys are rejected, every string and list is
 * bounded, URLs must parse and be https (or empty where the stored shape allows it, e.g. seed
 * imports have no Zhihu URL).
 * Keep in step with src/storage/types.ts: a new PostMeta field needs a schema change here
 * (and, if old backups lack it, a version bump with a migration).
 */
import * as v from 'valibot';

const MB = 1024 * 1024;
export const MAX_POSTS = 100_000;
export const MAX_IMAGES = 1_000_000;

const Str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const httpsUrl = (u: string): boolean => {
  try {
    return new URL(u).protocol === 'https:';
  } catch {
    return false;
  }
};
const Url = v.pipe(Str(4096), v.check((u) => u === '' || httpsUrl(u), 'https URL or empty'));
/** headimg/thumbnail may hold a relative or picsum URL from the seed archive; bounded text only. */
const LooseUrl = Str(4096);
const Epoch = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const Count = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));
const Kind = v.picklist(['answer', 'article', 'pin']);
const Key = v.pipe(Str(100), v.regex(/^(answer|article|pin):[\w-]{1,80}$/));

const AuthorInfo = v.strictObject({ name: Str(200), url: Url, avatar: Url, headline: Str(1000) });
const Question = v.nullable(v.strictObject({ id: Str(40), url: Url, title: Str(1000) }));

const Meta = v.strictObject({
  kind: Kind,
  id: v.pipe(Str(80), v.regex(/^[\w-]+$/)),
  url: Url,
  question: Question,
  topics: v.pipe(v.array(Str(200)), v.maxLength(100)),
  authorInfo: AuthorInfo,
  createdAt: v.nullable(Epoch),
  updatedAt: v.nullable(Epoch),
  voteCount: Count,
  commentCount: Count,
  excerpt: Str(10_000),
  sourceUrl: Str(4096),
  firstSavedAt: v.optional(Epoch),
  savedAt: Epoch,
  complete: v.boolean(),
  incompleteReason: v.nullable(Str(1000)),
  images: v.pipe(v.array(Url), v.maxLength(5000)),
  missingImages: v.pipe(v.array(Url), v.maxLength(5000)),
  revisionCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

const Revision = v.strictObject({
  key: Key,
  savedAt: Epoch,
  replacedAt: v.optional(Epoch),
  title: Str(1000),
  content: Str(5 * MB),
  updatedAt: v.optional(v.nullable(Epoch)),
});

export const BackupPostSchema = v.strictObject({
  key: Key,
  title: Str(1000),
  categories: v.pipe(v.array(Str(200)), v.maxLength(20)),
  headimg: LooseUrl,
  author: Str(200),
  comments: v.literal(false),
  date: Str(100),
  thumbnail: LooseUrl,
  meta: Meta,
  content: Str(5 * MB),
  revisions: v.optional(v.pipe(v.array(Revision), v.maxLength(1000))),
  tags: v.optional(v.pipe(v.array(Str(100)), v.maxLength(200))),
  note: v.optional(Str(100_000)),
});

export const ManifestImageSchema = v.strictObject({
  url: v.pipe(Str(4096), v.check(httpsUrl, 'https URL')),
  file: v.pipe(Str(40), v.regex(/^[0-9a-f]{16}\.[a-z0-9]{2,5}$/)),
  type: v.pipe(Str(100), v.regex(/^image\/[\w.+-]+$|^$|^application\/octet-stream$/)),
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  storedAt: Epoch,
});

export const BackupJsonSchema = v.strictObject({
  format: v.literal('zhihu-offline-backup'),
  version: v.literal(1),
  images: v.pipe(v.array(ManifestImageSchema), v.maxLength(MAX_IMAGES)),
  posts: v.pipe(v.array(BackupPostSchema), v.maxLength(MAX_POSTS)),
});

const Hex64 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const ManifestV2Schema = v.strictObject({
  format: v.literal('zhihu-offline-backup'),
  version: v.literal(2),
  images: v.pipe(v.array(ManifestImageSchema), v.maxLength(MAX_IMAGES)),
});

export const ChecksumsSchema = v.strictObject({
  counts: v.strictObject({
    posts: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_POSTS)),
    images: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_IMAGES)),
  }),
  sha256: v.record(Str(300), Hex64),
});
