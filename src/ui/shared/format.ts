/**
 * Cached Intl formatters for lists: building an Intl.DateTimeFormat costs far more than using
 * one, and the popup formats 20 dates (the library ~60) in its first frame. Same output as
 * formatDate/formatNumber in shared/i18n.ts.
 */

let date: Intl.DateTimeFormat | null = null;
let number: Intl.NumberFormat | null = null;

export function listDate(epochMs: number | null): string {
  if (epochMs === null) return '';
  date ??= new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return date.format(epochMs);
}

export function listNumber(n: number | null): string {
  if (n === null) return '';
  number ??= new Intl.NumberFormat(chrome.i18n.getUILanguage());
  return number.format(n);
}
