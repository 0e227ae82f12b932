/** j/k or ←/→: the next older / newer saved post. Ignored while typing in a field. */
import { neighbours } from '../../storage/library';
import type { PostKey } from '../../storage/types';

export function listenForNavigation(current: () => PostKey, go: (key: PostKey) => void): void {
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable], dialog')) return;
    const older = e.key === 'j' || e.key === 'ArrowRight';
    const newer = e.key === 'k' || e.key === 'ArrowLeft';
    if (!older && !newer) return;
    e.preventDefault();
    void neighbours(current()).then((n) => {
      const next = older ? n.older : n.newer;
      if (next) go(next);
    });
  });
}

export async function updateNavLinks(key: PostKey, prev: HTMLAnchorElement, next: HTMLAnchorElement): Promise<void> {
  const n = await neighbours(key);
  for (const [a, k] of [[prev, n.newer], [next, n.older]] as const) {
    a.hidden = k === null;
    if (k) a.href = `#${encodeURIComponent(k)}`;
  }
}
