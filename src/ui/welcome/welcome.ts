/**
 * The first-run page, opened once after install (src/background/first-run.ts): where the button
 * is, the shortcut (as the browser has it bound now: the user may have changed it), the context
 * menu, importing, and where the library lives.
 */
import { localize, t } from '../../shared/i18n';
import { h, mustGet } from '../shared/dom';
import { libraryUrl, openSettings, pageUrl } from '../shared/links';
import { applyTheme } from '../shared/theme';

const DEFAULT_SHORTCUT = 'Alt+Shift+S';

async function shortcut(): Promise<string> {
  const commands = await chrome.commands?.getAll?.().catch(() => []);
  return commands?.find((c) => c.name === 'save-in-view')?.shortcut || DEFAULT_SHORTCUT;
}

/** The message with its $KEYS$ shown as <kbd> keys, built as nodes (no HTML). */
function withKeys(keys: string): (Node | string)[] {
  // A marker chrome.i18n passes through unchanged (it drops control characters such as NUL).
  const marker = '{{keys}}';
  const [before = '', after = ''] = t('welcomeShortcutBody', marker).split(marker);
  const kbds = keys.split('+').flatMap((k, i) => (i ? ['+', h('kbd', {}, k)] : [h('kbd', {}, k)]));
  return [before, ...kbds, after];
}

async function main(): Promise<void> {
  applyTheme();
  localize(document);
  document.title = t('welcomeTitle');
  mustGet<HTMLAnchorElement>('to-transfer').href = pageUrl('transfer');
  mustGet<HTMLAnchorElement>('to-library').href = libraryUrl();
  const settings = mustGet<HTMLAnchorElement>('to-settings');
  settings.href = pageUrl('settings');
  settings.addEventListener('click', openSettings);
  mustGet('shortcut').replaceChildren(...withKeys(await shortcut()));
  document.documentElement.dataset.ready = 'true';
}

void main();
