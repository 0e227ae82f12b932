// Opens the extension's own pages in tabs and watches what they do.
import type { BrowserContext, Page } from '@playwright/test';

export function extensionUrl(extensionId: string, path: string): string {
  return `chrome-extension://${extensionId}/${path}`;
}

export const POPUP = 'src/ui/popup/popup.html';
export const READER = 'src/ui/reader/reader.html';
export const TRANSFER = 'src/ui/transfer/transfer.html';

export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionUrl(extensionId, POPUP));
  return page;
}

/** Records every dialog (alert/confirm/prompt) and every request an extension page makes. */
export function watchPage(page: Page): { dialogs: string[]; requests: string[] } {
  const seen = { dialogs: [] as string[], requests: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => seen.requests.push(r.url()));
  return seen;
}

/** Records the distinct `state:text` values a save button goes through, from the page's main world. */
export async function recordButtonStates(page: Page, index: number): Promise<void> {
  await page.evaluate((i) => {
    const button = document.querySelectorAll('[data-zo-action="save"]')[i];
    if (!button) throw new Error(`no save button #${i}`);
    const states: string[] = [];
    (window as unknown as { __zoStates: string[] }).__zoStates = states;
    new MutationObserver(() => {
      const now = `${button.getAttribute('data-zo-state') ?? ''}:${button.textContent ?? ''}`;
      if (states.at(-1) !== now) states.push(now);
    }).observe(button, { attributes: true, attributeFilter: ['data-zo-state'], childList: true, characterData: true, subtree: true });
  }, index);
}

export async function buttonStates(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __zoStates?: string[] }).__zoStates ?? []);
}

/**
 * The user's yes to an optional host permission (sync's own server, issue #16). The browser asks in a prompt of
 * its own, which Playwright cannot click; the same grant is given where the browser also keeps it,
 * chrome://extensions' site access (developerPrivate.addHostPermission). A later permissions.request for it
 * then resolves true without a prompt, as after a click on the prompt.
 */
export async function grantHostPermission(context: BrowserContext, extensionId: string, origin: string): Promise<void> {
  const page = await context.newPage();
  await page.goto('chrome://extensions/');
  await page.evaluate(async ([id, host]) => {
    const dev = (chrome as unknown as { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } }).developerPrivate;
    await dev.addHostPermission(id!, host!);
  }, [extensionId, `${origin}/*`]);
  await page.close();
}
