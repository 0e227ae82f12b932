/** One transient message at the bottom, optionally with an action (undo). */
import { h, mustGet } from '../shared/dom';

let timer: ReturnType<typeof setTimeout> | undefined;

export function showToast(text: string, action: string | null, ms: number, onAction?: () => Promise<void>): void {
  const toast = mustGet('toast');
  clearTimeout(timer);
  const parts: Node[] = [h('span', {}, text)];
  if (action && onAction) {
    const b = h('button', { type: 'button', class: 'toast-action' }, action);
    b.addEventListener('click', () => {
      toast.hidden = true;
      void onAction();
    });
    parts.push(b);
  }
  toast.replaceChildren(...parts);
  toast.hidden = false;
  timer = setTimeout(() => (toast.hidden = true), ms);
}
