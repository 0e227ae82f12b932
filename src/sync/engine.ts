/**
 * One sync (issue #16): read the other devices' manifests, fetch and merge what they changed, send what
 * changed here, and write this device's manifest last, so a sync stopped anywhere leaves the folder
 * readable and the next one redoes only what was not recorded. Merging is the import's (src/import/
 * conflict.ts): the later version wins and the other is kept as a revision, tags are joined, two
 * different notes are both kept. The library side comes in as `SyncLocal` (storage + the import cleaner).
 */
import { canonicalJson } from '../backup/canonical-json';
import { postFile, type BackupPost, type ManifestImage } from '../backup/format';
import { imageFileName } from '../backup/image-names';
import { sha256Hex } from '../backup/sha256';
import { parseStrictJson } from '../backup/strict-json';
import * as v from 'valibot';
import { BackupPostSchema } from '../backup/schema';
import { DEVICES, DeviceManifestSchema, deviceFile, emptyManifest, IMAGES, latestOf, planSync, type DeviceManifest } from './manifest';
import { DavError, type DavClient, type DavEntry } from './webdav';
import { joinedNotes } from '../import/conflict';
import { fnv1a64 } from '../shared/hash';

export interface LocalImage {
  url: string;
  type: string;
  size: number;
  storedAt: number;
  bytes: Uint8Array;
}

export interface SyncLocal {
  /**
   * Every post key held (or those of `keys` still held), with a fingerprint that moves whenever the post or its
   * tags, note or revisions change.
   */
  fingerprints(keys?: readonly string[]): Promise<Map<string, string>>;
  /** The posts with everything a backup keeps of them, in the order asked. */
  posts(keys: readonly string[]): Promise<BackupPost[]>;
  /** The stored images among these URLs, with their bytes. */
  images(urls: readonly string[]): Promise<LocalImage[]>;
  /** Which of these URLs have an image stored. */
  storedImages(urls: readonly string[]): Promise<Set<string>>;
  /** Cleans (untrusted) and merges posts into the library with their images, all or nothing (the import). */
  merge(posts: BackupPost[], images: LocalImage[]): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  /** Tags and note of these posts (absent: none). */
  annotations(keys: readonly string[]): Promise<Map<string, UserData>>;
  setAnnotations(data: ReadonlyMap<string, UserData>): Promise<void>;
}

export interface UserData {
  tags: string[];
  note: string;
}

export interface SyncState {
  device: string;
  /** Fingerprints of every post as the last sync left it. */
  seen: Record<string, string>;
  /** This device's manifest as last written. */
  own: DeviceManifest;
  /** Other devices' manifests as last read, with their ETags. */
  others: Record<string, { etag: string; manifest: DeviceManifest }>;
  /**
   * Each synced post's tags and note (as a hash) when this device last synced it: the common ancestor that lets a
   * tag removed on one device, or a note rewritten on one, win over the other's unchanged copy (three-way merge).
   * Absent in state written before it: tags then join and notes are both kept, as an import does.
   */
  base?: Record<string, { tags: string[]; note: string }>;
}

export interface SyncProgress {
  done: number;
  total: number;
}

export interface SyncReport {
  fetched: number;
  sent: number;
  deletedHere: number;
  deletedThere: number;
  /** Requests sent to the server. */
  requests: number;
}

const encoder = new TextEncoder();
const CHUNK = 50;
/** Uploads in flight at once: enough to hide round trips, few enough for a server that rate-limits bursts (坚果云). */
const UPLOADS = 4;
/**
 * A long send writes this device's manifest as it goes (a checkpoint), so a sync killed midway has recorded
 * what went up and the next one does not send it again: once this many bytes went up since the manifest was
 * last written, and at least CHECKPOINT_RATIO times its size (so checkpoints cost at most ~6% more upload).
 */
const CHECKPOINT_BYTES = 1024 * 1024;
const CHECKPOINT_RATIO = 16;

/**
 * `work` over `items`, at most `n` at a time; the first failure fails the whole: the other lanes finish the item
 * they hold (whole or not at all) and take no more, or a sync that ended in an error would go on uploading
 * beside the next one.
 */
async function inPool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

export const newState = (device: string): SyncState => ({ device, seen: {}, own: emptyManifest(device), others: {}, base: {} });

const sameTags = (a: readonly string[], b: readonly string[]): boolean => [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const noteHash = (note: string): string => (note ? fnv1a64(note) : '');

/**
 * Tags and note after a fetch, from ours, theirs and what both started from: a side that did not change them
 * takes the other's; two changes join (tags: union; notes: both kept, marked, as the import does).
 */
export function threeWay(ours: UserData, theirs: UserData, base: { tags: string[]; note: string } | undefined): UserData {
  const tags = base && sameTags(ours.tags, base.tags) ? theirs.tags : base && sameTags(theirs.tags, base.tags) ? ours.tags : [...new Set([...ours.tags, ...theirs.tags])].sort();
  const note = base && noteHash(ours.note) === base.note ? theirs.note : base && noteHash(theirs.note) === base.note ? ours.note : (joinedNotes(ours.note, theirs.note) ?? '');
  return { tags, note };
}

async function postBytes(post: BackupPost): Promise<{ bytes: Uint8Array; hash: string }> {
  const bytes = encoder.encode(canonicalJson(post));
  return { bytes, hash: await sha256Hex(bytes) };
}

function parseJson<T>(bytes: Uint8Array, schema: v.GenericSchema<unknown, T>, what: string): T {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DavError('bad-answer', 200, `${what}: not UTF-8`);
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new DavError('bad-answer', 200, `${what}: ${parsed.detail}`);
  const checked = v.safeParse(schema, parsed.value);
  if (!checked.success) throw new DavError('bad-answer', 200, `${what}: not what it should be`);
  return checked.output;
}

/** Counts every request the client sends (the bench and the tests report it). */
function counted(dav: DavClient): { dav: DavClient; count: () => number } {
  let n = 0;
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A): Promise<R> => {
    n++;
    return f(...a);
  };
  const proxy = Object.create(dav) as DavClient;
  proxy.list = wrap(dav.list.bind(dav));
  proxy.get = wrap(dav.get.bind(dav));
  proxy.putWhole = wrap(async (p: string, d: Uint8Array, t: string, w: string) => {
    n++; // the temporary PUT and the MOVE
    await dav.putWhole(p, d, t, w);
  });
  proxy.remove = wrap(dav.remove.bind(dav));
  proxy.makeFolders = wrap(dav.makeFolders.bind(dav));
  return { dav: proxy, count: () => n };
}

export async function runSync(client: DavClient, local: SyncLocal, state: SyncState, onProgress: (p: SyncProgress) => void = () => undefined): Promise<{ state: SyncState; report: SyncReport }> {
  const { dav, count } = counted(client);
  // This device's temporary uploads are named after it (webdav.ts putWhole): what a killed sync left, the next one reuses.
  const writer = state.device.replace(/[^0-9a-z]/g, '').slice(0, 8) || 'device';
  const report: SyncReport = { fetched: 0, sent: 0, deletedHere: 0, deletedThere: 0, requests: 0 };

  // 1. The other devices' manifests: only those whose ETag moved are read again.
  let listed: DavEntry[];
  try {
    listed = await dav.list(DEVICES);
  } catch (e) {
    if (!(e instanceof DavError && e.kind === 'not-found')) throw e;
    await dav.makeFolders(DEVICES);
    listed = [];
  }
  // Our own manifest as the server has it: newer than the state kept here when a sync was killed after a
  // checkpoint (or after its last write, before its state was kept). Told apart by size, without reading it;
  // it then stands for what this device has on the server. (Missed, it costs only files sent again.)
  let start = state.own;
  const mine = listed.find((e) => !e.folder && e.name === `${state.device}.json`);
  if (mine?.size != null && mine.size !== encoder.encode(canonicalJson(state.own)).byteLength) {
    const got = await dav.get(deviceFile(state.device));
    const m = got && parseJson(got.bytes, DeviceManifestSchema, deviceFile(state.device));
    if (m && m.device === state.device) start = m;
  }
  const others: SyncState['others'] = {};
  for (const entry of listed) {
    const id = /^([0-9a-f-]{8,40})\.json$/.exec(entry.name)?.[1];
    if (entry.folder || !id || id === state.device) continue;
    const cached = state.others[id];
    if (cached && entry.etag && cached.etag === entry.etag) {
      others[id] = cached;
      continue;
    }
    const got = await dav.get(deviceFile(id));
    if (!got) continue;
    others[id] = { etag: got.etag ?? entry.etag ?? '', manifest: parseJson(got.bytes, DeviceManifestSchema, deviceFile(id)) };
  }
  const latest = latestOf(Object.values(others).map((o) => o.manifest));
  const remoteImages = new Map<string, ManifestImage>();
  for (const o of Object.values(others)) for (const [url, img] of Object.entries(o.manifest.images)) remoteImages.set(url, img);

  // 2. What changed here since the last sync, and the plan.
  const prints = await local.fingerprints();
  const changed = new Set([...prints].filter(([k, fp]) => state.seen[k] !== fp).map(([k]) => k));
  const plan = planSync(start, latest, new Set(prints.keys()), changed);
  const own: DeviceManifest = { ...start, posts: { ...start.posts }, images: { ...start.images } };
  /** The manifest on the server as we know it (canonical JSON), null when there is none. */
  let written: string | null = mine ? canonicalJson(start) : null;
  let sentSince = 0;
  let checkpointAt = Math.max(CHECKPOINT_BYTES, CHECKPOINT_RATIO * (written?.length ?? 0));
  const writeOwn = async (): Promise<void> => {
    const json = canonicalJson(own);
    const bytes = encoder.encode(json);
    await dav.putWhole(deviceFile(state.device), bytes, 'application/json', writer);
    written = json;
    sentSince = 0;
    checkpointAt = Math.max(CHECKPOINT_BYTES, CHECKPOINT_RATIO * bytes.byteLength);
  };
  const total = plan.fetch.length + plan.send.length + plan.drop.length + plan.bury.length;
  let done = 0;
  const step = (n: number): void => {
    done += n;
    onProgress({ done, total });
  };
  onProgress({ done, total });

  // 3. Fetch and merge, a chunk at a time; a merge that changed the post (edited here too) goes back up.
  const send = new Set(plan.send);
  for (let i = 0; i < plan.fetch.length; i += CHUNK) {
    const keys = plan.fetch.slice(i, i + CHUNK);
    const posts: BackupPost[] = [];
    for (const key of keys) {
      const got = await dav.get(postFile(key as BackupPost['key']));
      // Listed but not there (its device was stopped between the file and its manifest): next time.
      if (!got) continue;
      const post = parseJson(got.bytes, BackupPostSchema, postFile(key as BackupPost['key'])) as BackupPost;
      if (post.key !== key) throw new DavError('bad-answer', 200, `${postFile(key as BackupPost['key'])} holds ${post.key}`);
      posts.push(post);
    }
    const wanted = [...new Set(posts.flatMap((p) => p.meta.images))];
    const have = await local.storedImages(wanted);
    const images: LocalImage[] = [];
    for (const url of wanted) {
      const m = remoteImages.get(url);
      if (have.has(url) || !m) continue;
      const got = await dav.get(`${IMAGES}${m.file}`);
      if (got) images.push({ url, type: m.type, size: got.bytes.byteLength, storedAt: m.storedAt, bytes: got.bytes });
    }
    const ours = await local.annotations(posts.map((p) => p.key));
    await local.merge(posts, images);
    const settled = new Map<string, UserData>();
    for (const p of posts) {
      // New here: the import's merge already took theirs.
      if (!prints.has(p.key)) continue;
      const mine = ours.get(p.key) ?? { tags: [], note: '' };
      settled.set(p.key, threeWay(mine, { tags: p.tags ?? [], note: p.note ?? '' }, state.base?.[p.key]));
    }
    await local.setAnnotations(settled);
    for (const merged of await local.posts(posts.map((p) => p.key))) {
      const remote = latest.get(merged.key);
      const { hash } = await postBytes(merged);
      if (remote && 'hash' in remote && remote.hash === hash) own.posts[merged.key] = { hash, at: remote.at };
      else send.add(merged.key);
    }
    report.fetched += posts.length;
    step(keys.length);
  }

  // 4. Deleted on another device.
  if (plan.drop.length) {
    await local.remove(plan.drop);
    for (const key of plan.drop) own.posts[key] = latest.get(key)!;
    report.deletedHere += plan.drop.length;
    step(plan.drop.length);
  }

  // 5. Send: images first (each once), then the post file; the manifest, written last, makes them count. A few
  // posts go up side by side: a first sync of 10,000 posts is ~24,000 requests, mostly waiting on round trips.
  let onServer: Set<string> | null = null;
  const sendKeys = [...send].sort();
  const now = Date.now();
  const sendOne = async (post: BackupPost): Promise<void> => {
    const { bytes, hash } = await postBytes(post);
    const base = own.posts[post.key];
    if (base && 'hash' in base && base.hash === hash) return;
    const stored = await local.images(post.meta.images.filter((u) => !own.images[u]));
    for (const img of stored) {
      const file = imageFileName(img.url, img.type);
      if (!onServer?.has(file)) {
        onServer?.add(file);
        await dav.putWhole(`${IMAGES}${file}`, img.bytes, img.type || 'application/octet-stream', writer);
        sentSince += img.bytes.byteLength;
      }
      own.images[img.url] = { url: img.url, file, type: img.type, size: img.size, storedAt: img.storedAt };
    }
    await dav.putWhole(postFile(post.key), bytes, 'application/json', writer);
    own.posts[post.key] = { hash, at: now };
    sentSince += bytes.byteLength;
    report.sent++;
  };
  for (let i = 0; i < sendKeys.length; i += CHUNK) {
    const posts = await local.posts(sendKeys.slice(i, i + CHUNK));
    if (!onServer && posts.some((p) => p.meta.images.some((u) => !own.images[u]))) onServer = new Set((await listImages(dav)).map((e) => e.name));
    await inPool(posts, UPLOADS, sendOne);
    step(Math.min(CHUNK, sendKeys.length - i));
    // Between chunks every upload has ended: the manifest names only files that are there.
    if (sentSince >= checkpointAt && i + CHUNK < sendKeys.length) await writeOwn();
  }

  // 6. Deleted here: the file goes, the manifest keeps the deletion so the others learn it.
  for (const key of plan.bury) {
    await dav.remove(postFile(key as BackupPost['key']));
    own.posts[key] = { deleted: true, at: now };
    report.deletedThere++;
    step(1);
  }

  // 7. This device's manifest, last, and only when something moved.
  if (canonicalJson(own) !== written) await writeOwn();
  // Posts this sync wrote take their new fingerprint; any other change made while it ran stays unseen (next sync).
  const touched = [...new Set([...plan.fetch, ...plan.drop])];
  const fresh = touched.length ? await local.fingerprints(touched) : new Map<string, string>();
  const seen: Record<string, string> = Object.fromEntries(prints);
  for (const key of touched) {
    const fp = fresh.get(key);
    if (fp === undefined) delete seen[key];
    else seen[key] = fp;
  }
  // The common ancestor of every post this sync fetched or sent: its tags and note as they now are here.
  const base = { ...(state.base ?? {}) };
  const synced = [...new Set([...plan.fetch, ...send])];
  for (let i = 0; i < synced.length; i += 500) {
    const chunk = synced.slice(i, i + 500);
    const now = await local.annotations(chunk);
    for (const key of chunk) {
      const a = now.get(key) ?? { tags: [], note: '' };
      base[key] = { tags: a.tags, note: noteHash(a.note) };
    }
  }
  for (const key of [...plan.drop, ...plan.bury]) delete base[key];
  report.requests = count();
  return { state: { device: state.device, seen, own, others, base }, report };
}

async function listImages(dav: DavClient): Promise<{ name: string }[]> {
  try {
    return await dav.list(IMAGES);
  } catch (e) {
    if (e instanceof DavError && e.kind === 'not-found') return [];
    throw e;
  }
}
