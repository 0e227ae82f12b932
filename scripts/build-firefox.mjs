// Firefox build (#7): the Chrome build with a rewritten manifest. One bundle for both browsers
// keeps the AMO source submission simple: `npm ci && npm run build` reproduces dist/firefox.
//
// Firefox MV3 runs the background as an event page (`background.scripts`), not a service
// worker; keeping `service_worker` beside it lets the same manifest shape load in both, and
// Firefox 121+ prefers `scripts`. AMO needs a gecko id to sign an MV3 add-on and, for new
// submissions since 2025-11-03, `data_collection_permissions` (we collect nothing).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const GECKO_ID = 'zhihu-offline@zhihu-offline.invalid';
// 140 is the first desktop release that reads data_collection_permissions (addons-linter warns below it).
export const FIREFOX_MIN_VERSION = '140.0';

/** The Firefox manifest from the Chrome one; pure so a unit test can pin its shape. */
export function firefoxManifest(chrome) {
  const m = structuredClone(chrome);
  const worker = m.background?.service_worker;
  if (!worker) throw new Error('Chrome manifest has no background.service_worker');
  m.background = { service_worker: worker, scripts: [worker], type: m.background.type ?? 'module' };
  m.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      data_collection_permissions: { required: ['none'] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on.
    gecko_android: { strict_min_version: '142.0' },
  };
  // Chrome-only keys that Firefox rejects or ignores with a warning.
  delete m.minimum_chrome_version;
  // Chromium's offscreen documents (an automatic sync's DOM): Firefox's event page has a DOM of its own.
  m.permissions = m.permissions.filter((p) => p !== 'offscreen');
  delete m.key;
  if (m.web_accessible_resources?.length === 0) delete m.web_accessible_resources;
  // Trusted Types directives are Chromium-only; Firefox reports unknown CSP directives as lint warnings.
  const csp = m.content_security_policy?.extension_pages;
  if (csp) {
    m.content_security_policy.extension_pages = csp
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d && !/^(require-trusted-types-for|trusted-types)\b/.test(d))
      .join('; ');
  }
  return m;
}

function main() {
  const from = resolve('dist/chrome');
  const to = resolve('dist/firefox');
  if (!existsSync(resolve(from, 'manifest.json'))) {
    console.error(`Chrome build is missing: ${from}/manifest.json`);
    process.exit(1);
  }
  rmSync(to, { recursive: true, force: true });
  // crxjs leaves a .vite folder of build metadata; it is not part of the extension.
  cpSync(from, to, { recursive: true, filter: (src) => !/[\\/]\.vite([\\/]|$)/.test(src) });
  const chrome = JSON.parse(readFileSync(resolve(from, 'manifest.json'), 'utf8'));
  writeFileSync(resolve(to, 'manifest.json'), `${JSON.stringify(firefoxManifest(chrome), null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
