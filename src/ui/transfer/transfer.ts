/**
 * 导出与导入 (issue #6): export the library or the library's selection (`#keys=a,b,…`, see
 * src/ui/library/export-hook.ts) as Hexo, Markdown, HTML, a backup or EPUB; import a backup or
 * Hexo files. All the heavy lifting streams (entries.ts); this file only wires the page.
 */
import { formatNumber, localize, t } from '../../shared/i18n';
import { countPosts } from '../../storage/posts';
import type { PostKey } from '../../storage/types';
import { mustGet } from '../shared/dom';
import { mountSiteNav } from '../shared/site-nav';
import type { PageTools } from './entries';
import { setUpExport } from './export-ui';
import { setUpImport } from './import-ui';
import * as sanitizer from '../sanitize/sanitizer';
import { makeXhtml } from './xhtml';

const KEY = /^(answer|article|pin):[\w-]{1,80}$/;

/** The library passes its selection in the hash; anything that is not a post key is ignored. */
export function selectionFromHash(hash: string): PostKey[] | null {
  const m = /^#keys=(.*)$/s.exec(hash);
  if (!m?.[1]) return null;
  const keys = m[1].split(',').map((k) => {
    try {
      return decodeURIComponent(k);
    } catch {
      return '';
    }
  });
  const valid = [...new Set(keys.filter((k) => KEY.test(k)))] as PostKey[];
  return valid.length ? valid : null;
}

type ParserFactory = (win: Window & typeof globalThis) => (html: string) => Document;

/**
 * Markdown conversion parses a body into an inert document. Under Trusted Types (issue #7) only
 * the sanitizer module may parse, with its own policy, so its parser is used; it is looked up
 * at run time because that export lands with the Trusted Types work.
 */
function inertParser(): (html: string) => Document {
  const make = (sanitizer as unknown as { makeInertParser?: ParserFactory }).makeInertParser;
  if (make) return make(window);
  return () => {
    throw new Error('HTML parser unavailable');
  };
}

async function main(): Promise<void> {
  localize(document);
  mountSiteNav('transfer');
  document.title = t('transferTitle');
  const form = mustGet<HTMLFormElement>('export-form');
  const selection = selectionFromHash(location.hash);
  mustGet('scope-all').textContent = t('scopeAll', formatNumber(await countPosts()));
  if (selection) {
    mustGet('scope-selection').textContent = t('scopeSelection', formatNumber(selection.length));
    mustGet('scope-selection-label').hidden = false;
  }
  (form.elements.namedItem('scope') as RadioNodeList).value = selection ? 'selection' : 'all';
  const tools: PageTools = { parse: inertParser(), xhtml: makeXhtml(window) };
  setUpExport(form, selection, tools);
  setUpImport();
  document.body.dataset.ready = 'true';
}

void main();
