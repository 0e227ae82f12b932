// Maps Zhihu URLs to files in the real-fixtures directory.
//
// The table is built by scanning the directory at start-up, so a fixture
// added later is served without touching this code; only the file-name
// conventions below are fixed (they are documented in test/fixtures/zhihu/SOURCES.md).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

export const WWW = 'www.zhihu.com';
export const ZHUANLAN = 'zhuanlan.zhihu.com';

export interface FileRoute {
  file: string;
  contentType: string;
}

interface NamingRule {
  /** Matches a whole file name. */
  pattern: RegExp;
  host: string;
  /** URL path, as a String.replace template over `pattern` ($1, $2…). */
  path: string;
  contentType: string;
}

// When two files claim one URL, the earlier rule wins. That is why
// /p/{id} prefers the exact rawHtml capture and only falls back to the
// pretty-printed `-math` SSR (the sole capture of /p/22925478480).
const RULES: readonly NamingRule[] = [
  html(/^answer-(\d+)-(\d+)\.html$/, WWW, '/question/$1/answer/$2'),
  html(/^question-(\d+)\.html$/, WWW, '/question/$1'),
  html(/^collection-(\d+)-ssr\.html$/, WWW, '/collection/$1'),
  html(/^column-([\w-]+)-\d{4}\.html$/, WWW, '/column/$1'),
  html(/^article-(\d+)\.rawHtml\.html$/, ZHUANLAN, '/p/$1'),
  html(/^article-(\d+)-math\.html$/, ZHUANLAN, '/p/$1'),
  // Single-object API responses. The other api-*.json files capture list or
  // feed endpoints whose URLs carry paging state, so they are not routed.
  json(/^api-answer-(\d+)\.json$/, '/api/v4/answers/$1'),
  json(/^api-collection-(\d+)\.json$/, '/api/v4/collections/$1'),
  json(/^api-pin-(\d+)(?:-redacted)?\.json$/, '/api/v4/pins/$1'),
  json(/^api-people-([\w-]+)\.json$/, '/api/v4/people/$1'),
];

function html(pattern: RegExp, host: string, urlPath: string): NamingRule {
  return { pattern, host, path: urlPath, contentType: HTML_TYPE };
}

function json(pattern: RegExp, urlPath: string): NamingRule {
  return { pattern, host: WWW, path: urlPath, contentType: JSON_TYPE };
}

/** Key for route tables: host and path, without query or trailing slash. */
export function routeKey(host: string, pathname: string): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return `${host.toLowerCase()} ${trimmed}`;
}

/** Scans `dir` once and returns "host path" → file. */
export function scanFixtureRoutes(dir: string): Map<string, FileRoute> {
  const names = readdirSync(dir).sort();
  const routes = new Map<string, FileRoute>();
  for (const r of RULES) {
    for (const name of names.filter((n) => r.pattern.test(n))) {
      const key = routeKey(r.host, name.replace(r.pattern, r.path));
      if (!routes.has(key)) routes.set(key, { file: path.join(dir, name), contentType: r.contentType });
    }
  }
  return routes;
}
