/** The save button on each item, and its visible states. */
import { t } from '../shared/i18n';

export type ButtonState = 'idle' | 'saving' | 'saved' | 'error';

export const BUTTON_ATTR = 'data-zo-action';

export function createButton(doc: Document, onClick: (button: HTMLButtonElement) => void, signal: AbortSignal): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'zo-save-button';
  button.setAttribute(BUTTON_ATTR, 'save');
  button.setAttribute('aria-label', t('saveButtonAria'));
  setState(button, 'idle', t('saveButton'));
  button.addEventListener(
    'click',
    (ev) => {
      ev.preventDefault();
      ev.stopPropagation();
      if (button.dataset.zoState !== 'saving') onClick(button);
    },
    { signal },
  );
  signal.addEventListener('abort', () => button.remove(), { once: true });
  return button;
}

export function setState(button: HTMLButtonElement, state: ButtonState, text: string): void {
  button.dataset.zoState = state;
  button.textContent = text;
  button.setAttribute('aria-busy', String(state === 'saving'));
}
