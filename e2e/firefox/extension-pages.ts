// The add-on's own pages (popup, reader) opened as tabs in Firefox.
//
// Firefox's WebDriver BiDi drops navigation and load events of documents in the extension
// process (bug 1755014), so puppeteer's goto() and waitForNavigation() never see them finish.
// Script evaluation there does work: these helpers start the navigation and then wait for
// the document itself to say it is the right URL and fully loaded.
import type { Browser, Page } from 'puppeteer-core';
import { waitFor } from './wait';

export const POPUP = 'src/ui/popup/popup.html';
export const READER = 'src/ui/reader/reader.html';
export const LIBRARY = 'src/ui/library/library.html';
export const TRANSFER = 'src/ui/transfer/transfer.html';

interface DocState {
  href: string;
  ready: DocumentReadyState;
  /** Set by markDocument(); gone once the document is replaced. */
  marked: boolean;
}

function docState(page: Page): Promise<DocState> {
  return page.evaluate(() => ({
    href: location.href,
    ready: document.readyState,
    marked: (window as unknown as { __zoMark?: boolean }).__zoMark === true,
  }));
}

/** Waits until the page shows `url` (or a URL it matches), loaded, and not the marked old document. */
export function waitForDocument(page: Page, url: string | RegExp): Promise<DocState> {
  const matches = (href: string): boolean => (typeof url === 'string' ? href === url : url.test(href));
  return waitFor(
    `a loaded ${String(url)}`,
    () => docState(page),
    (s) => matches(s.href) && s.ready === 'complete' && !s.marked,
  );
}

export async function openExtensionPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  // goto() sends browsingContext.navigate, which does happen; only its wait for the load
  // event can never end, so that promise is left to fail quietly at its own timeout.
  page.goto(url, { timeout: 5_000 }).catch(() => undefined);
  await waitForDocument(page, url);
  return page;
}

/** Reloads an extension page and waits for the new document (the old one carries a mark). */
export async function reloadExtensionPage(page: Page): Promise<void> {
  const href = await page.evaluate(() => {
    (window as unknown as { __zoMark?: boolean }).__zoMark = true;
    return location.href;
  });
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  await waitForDocument(page, href);
}

/** Among all tabs, the one whose document is at a URL matching `url`, once it has loaded. */
export async function findPage(browser: Browser, url: RegExp): Promise<Page> {
  const found = await waitFor(
    `a tab at ${String(url)}`,
    async () => {
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (url.test(href)) return page;
      }
      return undefined;
    },
    (p): p is Page => p !== undefined,
  );
  if (!found) throw new Error('unreachable');
  await waitForDocument(found, url);
  return found;
}
