/** The save button on each item, and its visible states. */
import { t } from '../shared/i18n';

/** `interrupted`: the extension was reloaded while this save waited for its answer (R5). */
export type ButtonState = 'idle' | 'saving' | 'saved' | 'error' | 'interrupted';

export const BUTTON_ATTR = 'data-zo-action';

/** Read while the context lives: once it is invalidated, chrome.i18n throws and could not tell the user anything. */
let interruptedText: string | undefined;

/** Each button's action, for the extension's own triggers (menu, shortcut, popup), which press it without a click. */
const actions = new WeakMap<HTMLButtonElement, (button: HTMLButtonElement) => void>();

export function createButton(doc: Document, onClick: (button: HTMLButtonElement) => void, signal: AbortSignal): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'zo-save-button';
  button.setAttribute(BUTTON_ATTR, 'save');
  button.setAttribute('aria-label', t('saveButtonAria'));
  setState(button, 'idle', t('saveButton'));
  interruptedText ??= t('saveInterrupted');
  actions.set(button, onClick);
  button.addEventListener(
    'click',
    (ev) => {
      // A click the page's own script made (el.click(), dispatchEvent) is not the user's: the page
      // must not be able to save, or flood the library, on its own.
      if (!ev.isTrusted) return;
      ev.preventDefault();
      ev.stopPropagation();
      pressButton(button);
    },
    { signal },
  );
  signal.addEventListener('abort', () => retire(button), { once: true });
  return button;
}

/** What a trusted click does; the extension's own triggers call it directly. */
export function pressButton(button: HTMLButtonElement): void {
  if (button.dataset.zoState !== 'saving' && !button.disabled) actions.get(button)?.(button);
}

/**
 * This script's extension context died (reload, update). Its buttons go, so none is left that
 * looks alive but can do nothing; except the one whose save was in flight, which would otherwise
 * vanish without a word. That one stays, disabled, saying how to learn the outcome: the save goes
 * on in the new worker if it reached the outbox, and a refreshed page shows its badge (R5).
 */
function retire(button: HTMLButtonElement): void {
  if (button.dataset.zoState !== 'saving' && button.dataset.zoState !== 'interrupted') {
    button.remove();
    return;
  }
  interrupted(button);
}

export function interrupted(button: HTMLButtonElement): void {
  setState(button, 'interrupted', interruptedText ?? '');
  button.disabled = true;
  // Not a save button any more; a later instance's removeStaleButtons still clears it (any data-zo-action).
  button.setAttribute(BUTTON_ATTR, 'interrupted');
  button.setAttribute('role', 'status');
}

export function setState(button: HTMLButtonElement, state: ButtonState, text: string): void {
  button.dataset.zoState = state;
  button.textContent = text;
  button.setAttribute('aria-busy', String(state === 'saving'));
}
