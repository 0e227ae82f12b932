// The 已保存 badges as the user sees them. They live in closed shadow roots, which the page's own
// script (and Playwright's locators) cannot enter; the DevTools protocol shows them.
import type { Page } from '@playwright/test';

interface CdpNode {
  nodeType: number;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

const classes = (n: CdpNode): string[] => {
  const a = n.attributes ?? [];
  const i = a.indexOf('class');
  return i >= 0 ? (a[i + 1] ?? '').split(/\s+/) : [];
};
const text = (n: CdpNode): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : [...(n.children ?? []), ...(n.shadowRoots ?? [])].map(text).join(''));

/** The badge text of each item whose root has class `itemClass`, in document order; '' where none is shown. */
export async function badgeTexts(page: Page, itemClass: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const out: string[] = [];
    const walk = (n: CdpNode, item: number | null): void => {
      let current = item;
      if (classes(n).includes(itemClass)) current = out.push('') - 1;
      if (current !== null && classes(n).includes('zo-badge-host')) out[current] += (n.shadowRoots ?? []).map(text).join('');
      for (const c of n.children ?? []) walk(c, current);
    };
    walk(root, null);
    return out;
  } finally {
    await cdp.detach();
  }
}

/** What the page's own script can learn of the badges: hosts, open shadow roots, and their light-DOM text. */
export function pageView(page: Page): Promise<{ hosts: number; readable: number; text: string }> {
  return page.evaluate(() => {
    const hosts = Array.from(document.querySelectorAll('.zo-badge-host'));
    return { hosts: hosts.length, readable: hosts.filter((h) => h.shadowRoot !== null).length, text: hosts.map((h) => h.textContent).join('') };
  });
}
