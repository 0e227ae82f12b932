/**
 * "已保存" on items already in the library, and "已保存 · 知乎上已修改" when Zhihu's copy is
 * newer. Decision: compare Zhihu's own `updatedAt` of the live item with the one stored at save
 * time. A content hash would also flag our own cleaning changes and Zhihu's markup churn as edits;
 * updatedAt changes exactly when the author edits.
 *
 * The page's own script must not learn what the user archived: the badge lives in a closed shadow
 * root (the page sees `shadowRoot === null`), in a host that every item with a save button gets,
 * saved or not, so not even the host's presence tells. The user sees and hears it as before.
 */
import { findItemRoots } from '../extract';
import { itemIdentity, itemUpdatedAt } from '../extract/ids';
import { readInitialState } from '../extract/initial-data';
import { send } from '../messaging/client';
import type { LookupRow } from '../messaging/protocol';
import { t } from '../shared/i18n';
import type { PostKey } from '../storage/types';
import { BUTTON_ATTR } from './button';

/** The host beside each save button; `data-zo-action` so a later instance's removeStaleButtons clears it. */
const HOST_CLASS = 'zo-badge-host';
const roots = new WeakMap<Element, ShadowRoot>();

/** An empty badge host after `button`: placed with every button, filled only for saved items. */
export function placeBadgeHost(button: HTMLButtonElement): void {
  const host = button.ownerDocument.createElement('span');
  host.className = HOST_CLASS;
  host.setAttribute(BUTTON_ATTR, 'badge');
  roots.set(host, host.attachShadow({ mode: 'closed' }));
  button.after(host);
}

export function watchBadges(doc: Document, signal: AbortSignal): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    clearTimeout(timer);
    // After the buttons are placed (their observer waits 50 ms), and once per burst of mutations.
    timer = setTimeout(() => void showBadges(doc, signal).catch(() => undefined), 300);
  };
  const observer = new MutationObserver((records) => {
    if (records.some((r) => Array.from(r.addedNodes).some((n) => n instanceof Element && !n.classList.contains(HOST_CLASS)))) run();
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
    // Only this instance's hosts: after an update the new instance's are already in the page.
    for (const b of Array.from(doc.querySelectorAll(`.${HOST_CLASS}`))) if (roots.has(b)) b.remove();
  }, { once: true });
  run();
}

export async function showBadges(doc: Document, signal: AbortSignal): Promise<void> {
  // Identity only (no cleaning): this runs on every page load and every burst of new items.
  const found = findItemRoots(doc).flatMap((root) => {
    const id = itemIdentity(root.kind, root.element, doc.location.href);
    return id ? [{ root, id, key: `${id.kind}:${id.id}` as PostKey }] : [];
  });
  if (!found.length || signal.aborted) return;
  const keys = [...new Set(found.map((f) => f.key))].slice(0, 500);
  const saved = new Map<PostKey, LookupRow>((await send('library/lookup', { keys })).map((r) => [r.key, r]));
  if (signal.aborted) return;
  const state = saved.size ? readInitialState(doc) : null;
  for (const { root, id, key } of found) {
    const host = root.element.querySelector(`.${HOST_CLASS}`);
    const shadow = host ? roots.get(host) : undefined;
    if (!shadow) continue;
    const row = saved.get(key);
    if (!row) {
      shadow.replaceChildren();
      continue;
    }
    const live = itemUpdatedAt(id.kind, id.id, root.element, state);
    const changed = live !== null && row.updatedAt !== null && live > row.updatedAt;
    shadow.replaceChildren(badge(doc, changed));
  }
}

/**
 * Styled through the CSSOM: the manifest's content-script CSS does not reach into a shadow root,
 * and a `<style>` element there would be subject to the page's CSP.
 */
function badge(doc: Document, changed: boolean): HTMLSpanElement {
  const el = doc.createElement('span');
  Object.assign(el.style, {
    display: 'inline-block',
    marginLeft: '6px',
    padding: '0 8px',
    lineHeight: '22px',
    fontSize: '12px',
    borderRadius: '11px',
    verticalAlign: 'middle',
    background: changed ? '#fff4e5' : '#e8f3ff',
    color: changed ? '#a35200' : '#056de8',
  });
  el.textContent = changed ? t('badgeSavedChanged') : t('badgeSaved');
  return el;
}
