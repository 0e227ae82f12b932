/**
 * "已保存" on items already in the library, and "已保存 · 知乎上已修改" when Zhihu's copy is
 * newer. Decision (issue #5): compare Zhihu's own `updatedAt` of the live item with the one
 * stored at save time. A content hash would also flag our own cleaning changes and Zhihu's
 * markup churn as edits; updatedAt changes exactly when the author edits.
 */
import { findItemRoots } from '../extract';
import { itemIdentity, itemUpdatedAt } from '../extract/ids';
import { readInitialState } from '../extract/initial-data';
import { send } from '../messaging/client';
import type { LookupRow } from '../messaging/protocol';
import { t } from '../shared/i18n';
import type { PostKey } from '../storage/types';
import { BUTTON_ATTR } from './button';

export const BADGE_ATTR = 'data-zo-badge';

export function watchBadges(doc: Document, signal: AbortSignal): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    clearTimeout(timer);
    // After the buttons are placed (their observer waits 50 ms), and once per burst of mutations.
    timer = setTimeout(() => void showBadges(doc, signal).catch(() => undefined), 300);
  };
  const observer = new MutationObserver((records) => {
    if (records.some((r) => Array.from(r.addedNodes).some((n) => n instanceof Element && !n.hasAttribute(BADGE_ATTR)))) run();
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
    for (const b of Array.from(doc.querySelectorAll(`[${BADGE_ATTR}]`))) b.remove();
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
    const row = saved.get(key);
    const button = root.element.querySelector(`[${BUTTON_ATTR}="save"]`);
    const old = root.element.querySelector(`[${BADGE_ATTR}]`);
    if (!row || !button) {
      old?.remove();
      continue;
    }
    const live = itemUpdatedAt(id.kind, id.id, root.element, state);
    const changed = live !== null && row.updatedAt !== null && live > row.updatedAt;
    const badge = old ?? doc.createElement('span');
    badge.setAttribute(BADGE_ATTR, changed ? 'changed' : 'saved');
    badge.className = 'zo-saved-badge';
    badge.textContent = changed ? t('badgeSavedChanged') : t('badgeSaved');
    if (!old) button.after(badge);
  }
}
