/** Loads the real Zhihu captures kept in test/fixtures/zhihu (SOURCES.md there) into jsdom documents. */
import { JSDOM } from 'jsdom';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/zhihu');
/** The three seed-shaped Hexo files: the golden files of the Hexo export (test/fixtures/seed/SOURCES.md). */
export const SEED_DIR = resolve(import.meta.dirname, '../fixtures/seed');
export const SEED_FILES = ['000_5da02116db295c02.txt', 'seed-rsshub-page-hotlist-20220110-nophoto.md', 'seed-rsshub-page-hotlist-20220704-codeblock.md'].map((f) => resolve(SEED_DIR, f));

export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

export function fixtureDocument(name: string, url: string): Document {
  // No scripts run and nothing is fetched: jsdom's defaults, stated here on purpose.
  return new JSDOM(fixtureText(name), { url, runScripts: undefined, resources: undefined }).window.document;
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** Every fixture of one extension, so a new capture dropped in the folder is tested without editing a list. */
export function fixtureNames(ext: '.html' | '.json'): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith(ext)).sort();
}

/** The page URL a fixture was captured from, from its name (SOURCES.md). */
export function fixtureUrl(name: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^answer-(\d+)-(\d+)/, (m) => `https://www.zhihu.com/question/${m[1]}/answer/${m[2]}`],
    [/^question-(\d+)/, (m) => `https://www.zhihu.com/question/${m[1]}`],
    [/^article-(\d+)/, (m) => `https://zhuanlan.zhihu.com/p/${m[1]}`],
    [/^collection-(\d+)/, (m) => `https://www.zhihu.com/collection/${m[1]}`],
    [/^column-(c_\d+)/, (m) => `https://www.zhihu.com/column/${m[1]}`],
    [/^content-answer-(\d+)/, (m) => `https://www.zhihu.com/answer/${m[1]}`],
  ];
  for (const [re, url] of rules) {
    const m = re.exec(name);
    if (m) return url(m);
  }
  return 'https://www.zhihu.com/';
}

/** Content fragments (`content-*.html`) are an answer's `content` field alone, with no page around it. */
export function isContentFragment(name: string): boolean {
  return name.startsWith('content-');
}

const cache = new Map<string, Document>();

/** One parsed document per fixture for the whole test file (jsdom parsing dominates the run time). */
export function sharedFixtureDocument(name: string): Document {
  let doc = cache.get(name);
  if (!doc) cache.set(name, (doc = fixtureDocument(name, fixtureUrl(name))));
  return doc;
}
