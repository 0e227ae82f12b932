/**
 * What a sync folder holds (issue #16), readable without us:
 *
 *   posts/<kind>/<id>.json   one post, exactly a backup v2 post file (src/backup/format.ts): row, meta,
 *                            content, revisions, tags, note, comments, as canonical JSON
 *   images/<file>            each image once, named as in a backup (a hash of its URL + extension)
 *   devices/<device>.json    each device's manifest: every post it knows with the SHA-256 of its post
 *                            file and when this device last changed it (or that it deleted it), and
 *                            the images it uploaded
 *
 * A device writes only its own manifest, so two devices never race on one; a sync reads the others'
 * manifests (a PROPFIND of devices/ and a GET of each one whose ETag moved) to learn what changed
 * without listing 10,000 posts. Post and image files are written whole (temporary name, then MOVE).
 */
import * as v from 'valibot';
import { ManifestImageSchema } from '../backup/schema';
import type { ManifestImage } from '../backup/format';
import { Epoch } from '../storage/post-schema';

export const SYNC_FORMAT = 'zhihu-offline-sync';
export const DEVICES = 'devices/';
export const IMAGES = 'images/';

export type PostEntry = { hash: string; at: number } | { deleted: true; at: number };

export interface DeviceManifest {
  format: typeof SYNC_FORMAT;
  version: 1;
  device: string;
  posts: Record<string, PostEntry>;
  /** url → the image's file, as a backup manifest lists it. */
  images: Record<string, ManifestImage>;
}

const KEY = v.pipe(v.string(), v.regex(/^(answer|article|pin):[\w-]{1,80}$/));
const DEVICE_ID = v.pipe(v.string(), v.regex(/^[0-9a-f-]{8,40}$/));

export const DeviceManifestSchema = v.strictObject({
  format: v.literal(SYNC_FORMAT),
  version: v.literal(1),
  device: DEVICE_ID,
  posts: v.record(KEY, v.union([v.strictObject({ hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), at: Epoch }), v.strictObject({ deleted: v.literal(true), at: Epoch })])),
  images: v.record(v.pipe(v.string(), v.maxLength(4096)), ManifestImageSchema),
});

export const emptyManifest = (device: string): DeviceManifest => ({ format: SYNC_FORMAT, version: 1, device, posts: {}, images: {} });

export const deviceFile = (device: string): string => `${DEVICES}${device}.json`;

const isDeleted = (e: PostEntry): e is { deleted: true; at: number } => 'deleted' in e;
const hashOf = (e: PostEntry | undefined): string | null => (e && !isDeleted(e) ? e.hash : null);

/** For each post, the newest entry any other device has (by its `at`). */
export function latestOf(manifests: readonly DeviceManifest[]): Map<string, PostEntry> {
  const out = new Map<string, PostEntry>();
  for (const m of manifests) {
    for (const [key, e] of Object.entries(m.posts)) {
      const seen = out.get(key);
      if (!seen || e.at > seen.at) out.set(key, e);
    }
  }
  return out;
}

export interface SyncPlan {
  /** Posts another device changed since this one last synced them: fetched and merged in. */
  fetch: string[];
  /** Posts another device deleted, untouched here since: deleted here. */
  drop: string[];
  /** Posts changed here (new, re-saved, tags, note): uploaded unless their file is already the same. */
  send: string[];
  /** Posts deleted here since the last sync: their file is removed, the manifest says deleted. */
  bury: string[];
}

/**
 * The plan, from this device's own manifest (what it last synced), the others' newest entries, the posts
 * it holds and which of them changed here since. Pure.
 */
export function planSync(own: DeviceManifest, latest: ReadonlyMap<string, PostEntry>, local: ReadonlySet<string>, changed: ReadonlySet<string>): SyncPlan {
  const plan: SyncPlan = { fetch: [], drop: [], send: [], bury: [] };
  const keys = new Set([...Object.keys(own.posts), ...latest.keys(), ...local]);
  for (const key of [...keys].sort()) {
    const base = own.posts[key];
    const remote = latest.get(key);
    const moved = remote !== undefined && remote.at > (base?.at ?? -1) && !(base && hashOf(base) === hashOf(remote) && isDeleted(base) === isDeleted(remote));
    if (moved && isDeleted(remote)) {
      // Deleted elsewhere: gone here too, unless it was saved or edited here since (then ours goes back up).
      if (local.has(key) && changed.has(key)) plan.send.push(key);
      else if (local.has(key)) plan.drop.push(key);
    } else if (moved) {
      plan.fetch.push(key);
    } else if (local.has(key)) {
      if (changed.has(key) || !base || isDeleted(base)) plan.send.push(key);
    } else if (base && !isDeleted(base)) {
      plan.bury.push(key);
    }
  }
  return plan;
}
