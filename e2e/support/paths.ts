// Well-known locations shared by the e2e helpers and specs.
// Derived from this file's URL because the package is ESM (no __dirname).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Real Zhihu captures, kept as captured (test/fixtures/zhihu/SOURCES.md). */
export const REAL_FIXTURES_DIR = path.resolve(REPO_ROOT, 'test/fixtures/zhihu');

/**
 * Unpacked Chrome build written by `npm run build` (as of this writing). ZO_DIST_DIR points the
 * e2e run at another build, so that a rebuild in a shared tree cannot swap files under a running test.
 */
export const DEFAULT_DIST_DIR = path.resolve(REPO_ROOT, process.env.ZO_DIST_DIR ?? 'dist/chrome');
