/**
 * Sync's own storage (issue #16), in chrome.storage.local and never in the library: the server, the
 * user name and the password stay on this computer (no export or backup reads this key), and the sync
 * state (device id, fingerprints, manifests read) is this device's alone.
 */
import type { DavConfig } from './webdav';
import { newState, type SyncReport, type SyncState } from './engine';

const CONFIG = 'syncConfig';
const STATE = 'syncState';
const LAST = 'syncLast';
const FAILURE = 'syncFailure';

export interface SyncConfig extends DavConfig {
  /** The origin whose host permission was granted (`https://dav.jianguoyun.com`). */
  origin: string;
  /** 自动同步: 30 s after saves stop, and every 30 minutes (src/sync/schedule.ts). */
  auto: boolean;
}

/** How the last sync that failed ended (an automatic one has no page to say it in): shown by the panel until a sync succeeds. */
export interface SyncFailure {
  at: number;
  kind: string;
}

export interface SyncLast {
  at: number;
  report: SyncReport;
}

export async function loadSyncConfig(): Promise<SyncConfig | null> {
  return ((await chrome.storage.local.get(CONFIG))[CONFIG] as SyncConfig | undefined) ?? null;
}

export async function saveSyncConfig(c: SyncConfig): Promise<void> {
  await chrome.storage.local.set({ [CONFIG]: c });
}

/**
 * This device's state; a new device id the first time, kept at once: a first sync killed midway has written
 * post files and a manifest checkpoint under that id, and the next sync must carry on as the same device,
 * not leave them as another device's.
 */
export async function loadSyncState(): Promise<SyncState> {
  const s = (await chrome.storage.local.get(STATE))[STATE] as SyncState | undefined;
  if (s) return s;
  const fresh = newState(crypto.randomUUID());
  await chrome.storage.local.set({ [STATE]: fresh });
  return fresh;
}

export async function saveSyncState(s: SyncState, last: SyncLast): Promise<void> {
  await chrome.storage.local.set({ [STATE]: s, [LAST]: last });
  await chrome.storage.local.remove(FAILURE);
}

export async function recordSyncFailure(kind: string): Promise<void> {
  const failure: SyncFailure = { at: Date.now(), kind };
  await chrome.storage.local.set({ [FAILURE]: failure });
}

export async function loadSyncFailure(): Promise<SyncFailure | null> {
  return ((await chrome.storage.local.get(FAILURE))[FAILURE] as SyncFailure | undefined) ?? null;
}

export async function loadSyncLast(): Promise<SyncLast | null> {
  return ((await chrome.storage.local.get(LAST))[LAST] as SyncLast | undefined) ?? null;
}

/**
 * The server URL and folder as the user typed them, made into a DAV config: https only (a password goes with
 * every request), the folder relative and ending in `/`. Null when the URL is not one.
 */
export function davConfigOf(server: string, folder: string, user: string, password: string, auto = false): SyncConfig | null {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const clean = folder.trim().replace(/^\/+|\/+$/g, '').split('/').filter((p) => p && p !== '.' && p !== '..').join('/');
  return { server: url.href, folder: clean ? `${clean}/` : '', user: user.trim(), password, origin: url.origin, auto };
}
