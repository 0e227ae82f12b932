/**
 * Golden files: the extracted record of one item, a JSON metadata preamble plus the clean HTML with one
 * top-level block per line (for readable diffs). Rewritten only with UPDATE_GOLDEN=1; review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { CapturedItem } from '../../src/extract';

export const GOLDEN = resolve(import.meta.dirname, '../golden');
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export function blocksPerLine(html: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  const box = document.createElement('div');
  return Array.from(t.content.childNodes)
    .map((n) => {
      if (n instanceof Element) return n.outerHTML;
      box.textContent = n.textContent;
      return box.innerHTML;
    })
    .filter((s) => s.trim() !== '')
    .join('\n');
}

export function goldenText(item: CapturedItem | { fragment: true; images: string[]; contentHtml: string }): string {
  const { contentHtml, ...meta } = item;
  return `${JSON.stringify(meta, null, 2)}\n\n${blocksPerLine(contentHtml)}\n`;
}

/** Compares with (or, under UPDATE_GOLDEN=1, writes) test/golden/<dir>/<name>.html. */
export function checkGolden(dir: string, name: string, actual: string): void {
  const file = resolve(GOLDEN, dir, `${name}.html`);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `missing golden ${dir}/${name}.html (run with UPDATE_GOLDEN=1 and review)`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** The set of golden files of a fixture equals the set of items extracted: no item appears or vanishes unseen. */
export function checkGoldenSet(dir: string, names: string[]): void {
  const folder = resolve(GOLDEN, dir);
  const have = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)) : [];
  if (UPDATE) {
    for (const stale of have.filter((h) => !names.includes(h))) rmSync(resolve(folder, `${stale}.html`));
    if (names.length === 0) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(resolve(folder, '.keep'), '');
    }
    return;
  }
  expect(have.sort()).toEqual([...names].sort());
}

/** The content HTML of every golden `.html` file (what follows its JSON header): the real captured bodies. */
export function goldenBodies(dir = GOLDEN): string[] {
  return readdirSync(dir).flatMap((f): string[] => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return goldenBodies(path);
    if (!f.endsWith('.html')) return [];
    const t = readFileSync(path, 'utf8');
    return [t.slice(t.indexOf('\n}\n\n') + 4)];
  });
}
