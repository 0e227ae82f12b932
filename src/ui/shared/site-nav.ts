/**
 * The header shared by the library, 导出与导入 and settings pages: one way around, with the page
 * being shown marked (aria-current). Built with `h`, so it is plain text and links.
 */
import { t } from '../../shared/i18n';
import type { MessageKey } from '../../shared/message-keys';
import { h } from './dom';
import { openSettings, pageUrl, type SitePage } from './links';

const ENTRIES: readonly { page: SitePage; label: MessageKey }[] = [
  { page: 'library', label: 'navLibrary' },
  { page: 'transfer', label: 'navTransfer' },
  { page: 'settings', label: 'navSettings' },
];

export function siteNav(current: SitePage): HTMLElement {
  const links = ENTRIES.map(({ page, label }) => {
    const a = h('a', { class: 'site-nav-link', href: pageUrl(page), 'data-page': page, 'aria-current': page === current ? 'page' : undefined }, t(label));
    // Settings open as the options page: the browser keeps one settings tab and focuses it.
    if (page === 'settings' && page !== current) a.addEventListener('click', (e) => openSettings(e));
    return a;
  });
  return h('nav', { class: 'site-nav', 'aria-label': t('navAria') }, ...links);
}

/** Puts the header at the top of the page's body. */
export function mountSiteNav(current: SitePage): HTMLElement {
  const nav = siteNav(current);
  document.body.prepend(nav);
  return nav;
}
