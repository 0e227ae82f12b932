/**
 * One instance of this content script per document. Besides the copy the browser injects from
 * the manifest, the worker injects one into tabs open at install or update (src/background/
 * first-run.ts): a tab still loading at install can get both, and so can a browser that injects
 * manifest scripts into open tabs itself (not verified here for Firefox). Scripts of one extension share the frame's isolated world, so the first
 * instance leaves a mark there (the page's own script cannot see it) and a second one, finding it
 * alive, does nothing. An instance whose extension context died (an update) does not count: the
 * newcomer takes over, and the dead one retires its own buttons only (place-buttons.ts, badges.ts).
 */
const SLOT = Symbol.for('zhihu-offline.content-instance');

interface InstanceMark {
  alive(): boolean;
}

type Slots = Record<symbol, InstanceMark | undefined>;

/** Whether another live instance already serves this document. */
export function anotherInstanceAlive(): boolean {
  return (globalThis as unknown as Slots)[SLOT]?.alive() ?? false;
}

export function markInstance(alive: () => boolean): void {
  (globalThis as unknown as Slots)[SLOT] = { alive };
}
