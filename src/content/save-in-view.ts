/**
 * Saves "the item in view" for the context menu, the keyboard shortcut and the popup (issue #5):
 * the right-clicked item if the menu was used, else the item covering most of the viewport.
 * It reuses the item's own save button, so progress and result show where they always do.
 */
import { extractItem, findItemRoots, type ItemRoot } from '../extract';
import type { SaveInViewEvent, SaveInViewReply } from '../messaging/protocol';
import type { PostKey } from '../storage/types';
import { BUTTON_ATTR, pressButton } from './button';

/** A right-click this recent decides which item the menu means. */
const MENU_TARGET_MS = 60_000;
let lastContextMenu: { target: Element; at: number } | null = null;

export function listenForSaveInView(signal: AbortSignal): void {
  document.addEventListener('contextmenu', (e) => {
    // Only the user's own right-click decides what the menu means, never one the page dispatched.
    if (e.isTrusted && e.target instanceof Element) lastContextMenu = { target: e.target, at: Date.now() };
  }, { capture: true, signal });
  const onMessage = (message: unknown, sender: chrome.runtime.MessageSender, reply: (r: SaveInViewReply) => void): undefined => {
    // Only our own background (no tab) may ask; web pages cannot reach runtime.onMessage anyway.
    if (sender.id !== chrome.runtime.id || sender.tab) return undefined;
    if ((message as { type?: unknown } | null)?.type !== 'content/save-in-view') return undefined;
    reply(saveInView(message as SaveInViewEvent));
    return undefined;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onMessage), { once: true });
}

export function saveInView(event: SaveInViewEvent, doc: Document = document): SaveInViewReply {
  const roots = findItemRoots(doc);
  const root = (event.source === 'menu' ? rightClicked(roots) : null) ?? mostVisible(roots, doc);
  if (!root) return { key: null };
  const item = extractItem(root, doc.location.href);
  const button = buttonOf(root, roots);
  if (button) pressButton(button);
  return { key: item ? (`${item.kind}:${item.id}` as PostKey) : null };
}

function rightClicked(roots: ItemRoot[]): ItemRoot | null {
  const last = lastContextMenu;
  if (!last || Date.now() - last.at > MENU_TARGET_MS) return null;
  // Nested items (a shared answer) come after their parent in document order: the last match is the innermost.
  return roots.filter((r) => r.element.contains(last.target)).at(-1) ?? null;
}

function mostVisible(roots: ItemRoot[], doc: Document): ItemRoot | null {
  const vh = doc.defaultView?.innerHeight ?? 0;
  let best: ItemRoot | null = null;
  let bestArea = 0;
  for (const r of roots) {
    const box = r.element.getBoundingClientRect();
    const visible = Math.max(0, Math.min(box.bottom, vh) - Math.max(box.top, 0));
    if (visible > bestArea) [best, bestArea] = [r, visible];
  }
  return best;
}

/** The item's own button, not one of an item nested inside it. */
function buttonOf(root: ItemRoot, roots: ItemRoot[]): HTMLButtonElement | null {
  for (const b of Array.from(root.element.querySelectorAll<HTMLButtonElement>(`[${BUTTON_ATTR}="save"]`))) {
    if (roots.filter((r) => r.element.contains(b)).at(-1)?.element === root.element) return b;
  }
  return null;
}
