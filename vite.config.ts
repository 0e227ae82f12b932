import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

// The content script is built standalone so that no shared chunk has to be
// exposed to zhihu.com through web_accessible_resources.
export default defineConfig({
  plugins: [
    crx({
      manifest: manifest as ManifestV3Export,
      contentScripts: { standaloneFiles: ['src/content/index.ts'] },
    }),
  ],
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // KaTeX's small fonts would be inlined as data: URIs, which the CSP (font-src 'self') blocks.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
    rollupOptions: {
      // The reader and the library are opened as tabs, so the manifest does not name them.
      input: { reader: 'src/ui/reader/reader.html', library: 'src/ui/library/library.html', transfer: 'src/ui/transfer/transfer.html' },
    },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
