/**
 * Light/dark: follows prefers-color-scheme unless the reader's toggle chose one. The choice
 * is kept in the extension origin's localStorage, so every extension page shares it.
 */
export type Theme = 'auto' | 'light' | 'dark';

const KEY = 'zo-theme';

export function currentTheme(): Theme {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'auto';
}

export function applyTheme(theme: Theme = currentTheme()): void {
  if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
}

/** auto → the opposite of what is showing → back to auto. */
export function nextTheme(): Theme {
  const cur = currentTheme();
  const systemDark = matchMedia('(prefers-color-scheme: dark)').matches;
  const next: Theme = cur === 'auto' ? (systemDark ? 'light' : 'dark') : 'auto';
  if (next === 'auto') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, next);
  applyTheme(next);
  return next;
}
