/**
 * Saves a post's comments (issue #17) after the post itself is committed: the post never waits for its
 * comments, and a refusal from Zhihu leaves the post whole with its comments marked missing, in words.
 * Every request goes through the one scheduler (zhihu-fetch.ts): a click-save's comments in their own
 * lane, a batch's in the batch's lane, so they are paced with its pages and wait while a click runs.
 */
import type { ItemKind } from '../../extract/types';
import { beginComments, getCommentSet, putComments } from '../../storage/comments';
import { db } from '../../storage/db';
import type { CommentThread, PostKey } from '../../storage/types';
import { loadSettings } from '../settings';
import { zhihu } from '../zhihu';
import { collectComments } from './collect';

/** The lane of click-saves' comments: one fetch at a time, paced, whatever is clicked. */
export const CLICK_LANE = 'comments';

const running = new Map<PostKey, Promise<CommentThread | null>>();

function kindAndId(key: PostKey): { kind: ItemKind; id: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as ItemKind, id: key.slice(at + 1) };
}

/**
 * Fetches and stores `key`'s comments; resolves with what was stored (null when the post is gone).
 * One fetch per post at a time: a second call joins the first.
 */
export function saveComments(key: PostKey, lane: string, proceed: () => Promise<boolean> = async () => true): Promise<CommentThread | null> {
  const current = running.get(key);
  if (current) return current;
  const p = fetchAndStore(key, lane, proceed).finally(() => running.delete(key));
  running.set(key, p);
  return p;
}

async function fetchAndStore(key: PostKey, lane: string, proceed: () => Promise<boolean>): Promise<CommentThread | null> {
  const post = await db().posts.get(key);
  if (!post) return null;
  const { commentCap } = await loadSettings();
  await beginComments(key, Date.now());
  const { kind, id } = kindAndId(key);
  const thread = await collectComments(kind, id, commentCap, post.meta.commentCount, {
    request: (url) => zhihu.request(lane, url, proceed),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => Date.now(),
  });
  await putComments(key, thread);
  return thread;
}

/** Saves asked for with their comments (the menu's 保存此回答及评论), until their commit. */
const wanted = new Set<PostKey>();

/**
 * The user asked for `key`'s comments with this save, whatever the setting (the save was started at
 * `since`). Its commit then fetches them; if the commit already happened, they are fetched now.
 */
export async function wantComments(key: PostKey, since: number): Promise<void> {
  wanted.add(key);
  const post = await db().posts.get(key);
  if (post && post.meta.savedAt >= since && wanted.delete(key)) await fetchQuietly(key);
}

/** After a click-save: its comments, when the setting or the user's menu choice asks for them. Never rejects (the save is done). */
export async function commentsAfterClick(key: PostKey): Promise<void> {
  try {
    if (!wanted.delete(key) && !(await loadSettings()).saveComments) return;
    await fetchQuietly(key);
  } catch (e) {
    console.warn('[zhihu-offline] comments not saved', key, e);
  }
}

async function fetchQuietly(key: PostKey): Promise<void> {
  await saveComments(key, CLICK_LANE).catch((e: unknown) => console.warn('[zhihu-offline] comments not saved', key, e));
}

/** Whether a post still needs its comments fetched (a batch resumed, or an item skipped as unchanged). */
export async function needsComments(key: PostKey, since: number): Promise<boolean> {
  const set = await getCommentSet(key);
  if (!set || set.fetchedAt < since) return true;
  if (set.state === 'complete' || set.state === 'capped') return false;
  // A fetch stopped by verification, login or the worker stopping is taken up again; Zhihu's other refusals are final.
  return set.state === 'fetching' || set.reason === 'verify' || set.reason === 'login' || set.reason === 'interrupted';
}

/** Worker start: click-saves' comment fetches a stopped worker left half-done go on (batches resume their own). */
export async function resumeClickComments(): Promise<void> {
  const stale = await db().commentSets.filter((s) => s.state === 'fetching').primaryKeys();
  for (const key of stale) if (!running.has(key)) void saveComments(key, CLICK_LANE).catch((e: unknown) => console.warn('[zhihu-offline] comments not saved', key, e));
}
