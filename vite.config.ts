import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * turndown checks at load time whether DOMParser can parse, by parsing a plain string. Under Trusted
 * Types (#7) that throws, and Chromium reports a CSP violation on every load of the 导出与导入 page.
 * The Markdown export hands turndown DOM nodes only, so the check is deferred to the first string it
 * is given (never, here). The build fails if a turndown update changes the code this rewrites.
 */
function lazyTurndownProbe(): Plugin {
  const probe = 'var HTMLParser = canParseHTMLNatively() ? root.DOMParser : createHTMLParser();';
  const use = '_htmlParser = _htmlParser || new HTMLParser();';
  return {
    name: 'zo-lazy-turndown-probe',
    transform(code, id) {
      if (!/[\\/]turndown[\\/]lib[\\/]turndown\.browser\.es\.js$/.test(id)) return null;
      if (!code.includes(probe) || !code.includes(use)) throw new Error(`${id} changed: review lazyTurndownProbe in vite.config.ts`);
      return code
        .replace(probe, 'var HTMLParser = null;')
        .replace(use, '_htmlParser = _htmlParser || new (HTMLParser = HTMLParser || (canParseHTMLNatively() ? root.DOMParser : createHTMLParser()))();');
    },
  };
}

/**
 * crxjs lists every `?script` file in web_accessible_resources for all sites, so that a content script could
 * load it. Ours is injected by the worker through chrome.scripting (src/background/batch/page-driver.ts),
 * which needs no such entry, and an entry would let any site probe for the extension. Dropped here; the
 * build fails if the manifest grows an entry for anything else.
 */
function noInjectedScriptResources(injected: readonly string[]): Plugin {
  return {
    name: 'zo-no-injected-script-resources',
    enforce: 'post',
    writeBundle(options) {
      const file = path.join(options.dir ?? 'dist/chrome', 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8')) as { web_accessible_resources?: { resources: string[] }[] };
      const left = (m.web_accessible_resources ?? []).filter((e) => e.resources.some((r) => !injected.includes(r)));
      if (left.length) throw new Error(`unexpected web_accessible_resources: ${JSON.stringify(left)}`);
      delete m.web_accessible_resources;
      writeFileSync(file, JSON.stringify(m, null, 2));
    },
  };
}

// The content script is built standalone so that no shared chunk has to be
// exposed to zhihu.com through web_accessible_resources.
export default defineConfig({
  plugins: [
    lazyTurndownProbe(),
    crx({
      manifest: manifest as ManifestV3Export,
      contentScripts: { standaloneFiles: ['src/content/index.ts'] },
    }),
    noInjectedScriptResources(['src/content/page-driver.js', 'src/content/save-all-entry.js']),
  ],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // KaTeX's small fonts would be inlined as data: URIs, which the CSP (font-src 'self') blocks.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
    rollupOptions: {
      // The reader, the library, 导出与导入 and the first-run page are opened as tabs, and the offscreen document of an
      // automatic sync by the worker, so the manifest does not name them.
      input: { reader: 'src/ui/reader/reader.html', library: 'src/ui/library/library.html', transfer: 'src/ui/transfer/transfer.html', welcome: 'src/ui/welcome/welcome.html', offscreen: 'src/ui/offscreen/offscreen.html' },
    },
  },
  // The export's ZIP worker (src/ui/transfer/zip-in-worker.ts) is started as a module worker.
  worker: { format: 'es' },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
