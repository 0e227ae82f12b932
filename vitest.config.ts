import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `import file from './x.ts?script&iife'` is @crxjs/vite-plugin's: the build emits the script and gives its
 * path for chrome.scripting. Unit tests never inject it; they get the source path.
 */
function crxScriptPaths(): Plugin {
  const prefix = '\0crx-script:';
  return {
    name: 'zo-crx-script-paths',
    enforce: 'pre',
    resolveId: (id) => (/\?script(&\w+)?$/.test(id) ? prefix + id.replace(/\?.*$/, '') : null),
    load: (id) => (id.startsWith(prefix) ? `export default ${JSON.stringify(id.slice(prefix.length))};` : null),
  };
}

export default defineConfig({
  plugins: [crxScriptPaths()],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // DOMPurify is only safe on a real DOM implementation; happy-dom keeps <script>.
    environment: 'jsdom',
    testTimeout: 30_000,
  },
});
