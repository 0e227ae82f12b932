// A clone of the repository is the whole project: no test, script, config or doc of ours may reach a
// file outside it (a sibling research folder, an absolute path of one development machine).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

// Built, installed or generated: not ours to read. Captured data is kept byte for byte as captured.
const SKIP_DIRS = new Set(['.git', 'node_modules', 'dist', 'artifacts', 'test-results', 'playwright-report', '.scratch']);
const DATA_DIRS = ['test/fixtures/zhihu', 'test/fixtures/seed', 'test/fixtures/storage', 'test/golden'];
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|json|md|html|css|sh|ya?ml)$/;
// This file holds examples of what it looks for; its second test checks them.
const SKIP_FILES = new Set(['package-lock.json', 'bench/results.json', 'test/repo-self-contained.test.ts']);

// Home folders and mount points of a development machine; Debian's /usr paths are system paths.
const MACHINE_PATH = /(?<![\w.])\/(?:work|home|root|Users|mnt|srv)\/[\w.-]/;
// The research folder that sits next to the repository on a development machine.
const SIBLING_FOLDER = new RegExp(['shared', '(?:fixtures|seed|docs|hooks)'].join('/'));
// A relative path literal in code ('…', "…", `…`) or a Markdown link target ((…)).
const RELATIVE = /['"`(](\.\.\/[^'"`)\s]*)/g;

interface Finding {
  line: number;
  text: string;
  why: string;
}

/** What in one file's text reaches outside the repository. `file` is the path from the repository root. */
function outsideReferences(file: string, text: string, root = ROOT): Finding[] {
  const found: Finding[] = [];
  const dir = dirname(resolve(root, file));
  text.split('\n').forEach((line, i) => {
    const at = (why: string): number => found.push({ line: i + 1, text: line.trim().slice(0, 160), why });
    if (MACHINE_PATH.test(line)) at('an absolute path of one machine');
    if (SIBLING_FOLDER.test(line)) at('a folder next to the repository');
    for (const m of line.matchAll(RELATIVE)) {
      const target = relative(root, resolve(dir, m[1] ?? ''));
      if (target === '..' || target.startsWith(`..${sep}`)) at(`a relative path out of the repository (${m[1]})`);
    }
  });
  return found;
}

function ourFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const rel = relative(ROOT, full);
    if (SKIP_DIRS.has(name) || DATA_DIRS.includes(rel)) continue;
    if (statSync(full).isDirectory()) files.push(...ourFiles(full));
    else if ((TEXT.test(name) || rel.startsWith('.ci')) && !SKIP_FILES.has(rel)) files.push(rel);
  }
  return files;
}

describe('the repository is self-contained', () => {
  it('has no test, script, config or doc that reads outside the repository', () => {
    const files = ourFiles();
    // The walk must see the code it guards, or the check below passes on nothing.
    for (const f of ['README.md', '.ci/run', 'test/support/fixtures.ts', 'e2e/support/paths.ts', 'scripts/demo.ts', 'src/export/hexo.ts']) expect(files).toContain(f);
    const findings = files.flatMap((f) => outsideReferences(f, readFileSync(join(ROOT, f), 'utf8')).map((x) => `${f}:${x.line}: ${x.why}: ${x.text}`));
    expect(findings).toEqual([]);
  });

  it('flags each kind of outside reference, and leaves paths inside the repository alone', () => {
    const sibling = ['..', 'shared', 'fixtures', 'real'].join('/');
    expect(outsideReferences('test/support/x.ts', `resolve(import.meta.dirname, '../../${sibling}')`).map((f) => f.why)).toEqual([
      'a folder next to the repository',
      `a relative path out of the repository (../../${sibling})`,
    ]);
    expect(outsideReferences('e2e/x.ts', `const p = '${'/wo' + 'rk'}/main/dist';`)).toHaveLength(1);
    expect(outsideReferences('docs/x.md', 'see [the notes](../../notes.md)')).toHaveLength(1);
    expect(outsideReferences('src/ui/library/bulk.ts', "import { t } from '../../shared/i18n';")).toEqual([]);
    expect(outsideReferences('README.md', 'Debian installs it as /usr/bin/chromium; [docs](docs/security.md)')).toEqual([]);
  });
});
