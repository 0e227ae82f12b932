/**
 * Imports a seed-shaped Hexo `.md` (docs/zhihu-format.md §6) into a post, such that
 * `hexoPost(importHexo(x))` is byte-identical to `x` for the real seed files.
 *
 * Nothing extra is needed in `meta` for that: the row keeps the seed's seven front-matter
 * values verbatim (title, categories, headimg, author — `知乎` in the archive —, date string,
 * thumbnail), the `<who>的回答<br><br>` prefix becomes `meta.authorInfo.name` + `meta.kind`,
 * and the rest is the content.
 *
 * Key: the seed carries no Zhihu id, so the key is `<kind>:seed-<fnv1a64(title⏎date⏎who)>`.
 * The archive rewrites one file per question on each crawl with a new pubDate, so two
 * versions of one answer import as two posts (they are different snapshots).
 */
import * as v from 'valibot';
import { parse } from 'yaml';
import type { ItemKind } from '../extract/types';
import type { FullPost } from '../storage/types';
import { fnv1a64 } from '../shared/hash';
import { LibraryPostSchema } from '../storage/post-schema';
import { hexoAuthorTextDecoded, markdownInertDecoded } from '../export/hexo-inert';
import { fail, issuesDetail, ok, type Result } from './result';

const HEAD = '\n---\n';
const BODY_START = '\n---\n\n<div>   \n';
const TAIL = `  \n</div>\n${' '.repeat(12)}`;
export const MAX_HEXO_BYTES = 5 * 1024 * 1024;
const KIND_BY_WORD: Record<string, ItemKind> = { 回答: 'answer', 文章: 'article', 想法: 'pin' };

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const HexoFrontMatterSchema = v.strictObject({
  title: Text(1000),
  categories: v.pipe(v.array(Text(200)), v.maxLength(20)),
  headimg: Text(4096),
  author: Text(200),
  comments: v.literal(false),
  date: Text(100),
  thumbnail: Text(4096),
});

const IMG_OPEN = /<img\s/g;
const IMG_SRC = /\bsrc="(https:[^"]+)"/g;

/**
 * The `src` of every `<img>`, as `/<img\s[^>]*?\bsrc="(https:[^"]+)"/g` would find them, in one scan: that
 * regex searched from every `<img ` to the next `>` or the end, which is quadratic in a file of `<img `
 * without `>` (240 KB: 12 s). The next `src="https:…"` and the next `>` are each searched once and reused until passed.
 */
function imageUrls(html: string): string[] {
  const urls: string[] = [];
  let src: RegExpExecArray | null | undefined;
  let tagEnd = -2; // the next `>`: -2 not searched yet, -1 none left
  IMG_OPEN.lastIndex = 0;
  for (let m = IMG_OPEN.exec(html); m; m = IMG_OPEN.exec(html)) {
    if (tagEnd !== -1 && tagEnd < IMG_OPEN.lastIndex) tagEnd = html.indexOf('>', IMG_OPEN.lastIndex);
    if (src !== null && (src === undefined || src.index < IMG_OPEN.lastIndex)) {
      IMG_SRC.lastIndex = IMG_OPEN.lastIndex;
      src = IMG_SRC.exec(html);
    }
    if (src === null) break;
    // The regex's `[^>]*?` reaches the attribute only if no `>` comes before it.
    if (tagEnd !== -1 && tagEnd < src.index) continue;
    urls.push((src[1] ?? '').replace(/&amp;/g, '&'));
    IMG_OPEN.lastIndex = IMG_SRC.lastIndex;
  }
  return [...new Set(urls)];
}

function parseFrontMatter(text: string): Result<v.InferOutput<typeof HexoFrontMatterSchema>> {
  let data: unknown;
  try {
    // Core schema, no merge keys, no aliases: front matter is data, never a graph.
    data = parse(text, { schema: 'core', merge: false, maxAliasCount: 0, uniqueKeys: true });
  } catch (e) {
    return fail('hexo_bad_front_matter', e instanceof Error ? e.message : 'yaml');
  }
  const checked = v.safeParse(HexoFrontMatterSchema, data);
  if (!checked.success) return fail('hexo_bad_front_matter', issuesDetail(checked.issues));
  return ok(checked.output);
}

/** `savedAt` is passed in so imports are deterministic (tests freeze time). */
export function importHexo(text: string, savedAt: number, sourceName = ''): Result<FullPost> {
  if (text.length > MAX_HEXO_BYTES) return fail('file_too_large', sourceName);
  const split = text.indexOf(BODY_START, HEAD.length - 1);
  if (!text.startsWith(HEAD) || split < 0 || !text.endsWith(TAIL)) return fail('hexo_bad_structure', sourceName);
  const fm = parseFrontMatter(text.slice(HEAD.length, split + 1));
  if (!fm.ok) return fm;
  const description = text.slice(split + BODY_START.length, text.length - TAIL.length);
  const prefix = /^([^<\n]*?)的(回答|文章|想法)<br><br>/.exec(description);
  if (!prefix) return fail('hexo_no_author_prefix', sourceName);
  const who = hexoAuthorTextDecoded(prefix[1] ?? '');
  const kind = KIND_BY_WORD[prefix[2] ?? ''] ?? 'answer';
  const content = markdownInertDecoded(description.slice(prefix[0].length)).replace(/&#123;/g, '{').replace(/&#125;/g, '}');
  const f = fm.value;
  const id = `seed-${fnv1a64(`${f.title}\n${f.date}\n${who}`)}`;
  const updated = Date.parse(f.date);
  return withinLibrary({
    key: `${kind}:${id}`,
    title: f.title,
    categories: f.categories,
    headimg: f.headimg,
    author: f.author,
    comments: false,
    date: f.date,
    thumbnail: f.thumbnail,
    content,
    meta: {
      kind,
      id,
      url: '',
      question: null,
      topics: [],
      authorInfo: { name: who, url: '', avatar: '', headline: '' },
      createdAt: null,
      // RSSHub's pubDate is the answer's *updated* time (docs/zhihu-format.md §6.1).
      updatedAt: Number.isNaN(updated) ? null : updated,
      voteCount: null,
      commentCount: null,
      excerpt: '',
      sourceUrl: sourceName ? `hexo:${sourceName}` : '',
      savedAt,
      complete: true,
      incompleteReason: null,
      images: imageUrls(content),
      missingImages: [],
    },
  }, sourceName);
}

/**
 * The post must be one the library can hold and every later backup restore (one schema:
 * src/storage/post-schema.ts): a date before 1970, a title too long or more images than a post
 * keeps are refused here, with a reason, not found out when a backup is restored.
 */
function withinLibrary(post: FullPost, sourceName: string | undefined): Result<FullPost> {
  const checked = v.safeParse(LibraryPostSchema, post);
  return checked.success ? ok(post) : fail('post_out_of_bounds', `${sourceName ?? ''} ${issuesDetail(checked.issues)}`.trim());
}

/**
 * Many `.md` files (a folder of the archive): each file stands alone, so a bad one is
 * skipped with its error code as the reason instead of failing the batch.
 */
export function importHexoFiles(files: readonly { name: string; text: string }[], savedAt: number): { posts: FullPost[]; skipped: { name: string; reason: string }[] } {
  const posts: FullPost[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const file of files) {
    const r = importHexo(file.text, savedAt, file.name);
    if (r.ok) posts.push(r.value);
    else skipped.push({ name: file.name, reason: r.error.code });
  }
  return { posts, skipped };
}
