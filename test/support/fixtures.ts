/** Loads the real Zhihu fixtures from ../shared (read-only) into jsdom documents. */
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/real');

export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

export function fixtureDocument(name: string, url: string): Document {
  // No scripts run and nothing is fetched: jsdom's defaults, stated here on purpose.
  return new JSDOM(fixtureText(name), { url, runScripts: undefined, resources: undefined }).window.document;
}
