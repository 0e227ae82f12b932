/** UI strings come from _locales (zh_CN default, en). A missing key shows itself rather than nothing. */
import type { MessageKey } from './message-keys';

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  return chrome.i18n.getMessage(key, subs.map(String)) || key;
}

/** Fills every `[data-i18n]` (text) and `[data-i18n-aria]`, `[data-i18n-placeholder]` under `root`. */
export function localize(root: ParentNode): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-aria]'))) el.setAttribute('aria-label', t(el.dataset.i18nAria as MessageKey));
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-title]'))) el.title = t(el.dataset.i18nTitle as MessageKey);
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]'))) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as MessageKey));
}

/** Dates the way Chinese readers write them: 2022年1月10日 14:27. */
export function formatDate(epochMs: number | null): string {
  if (epochMs === null) return '';
  const lang = chrome.i18n.getUILanguage();
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

export function formatNumber(n: number | null): string {
  return n === null ? '' : new Intl.NumberFormat(chrome.i18n.getUILanguage()).format(n);
}
