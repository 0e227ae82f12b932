// Manifest and CSP invariants (issue #7, T14/T15): exact permissions, a strict extension-page CSP with
// Trusted Types for Chromium, and the Firefox manifest derived from it by scripts/build-firefox.mjs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { firefoxManifest, GECKO_ID } from '../scripts/build-firefox.mjs';
import { TT_POLICIES } from '../src/ui/sanitize/sanitizer';

interface Manifest {
  permissions: string[];
  host_permissions: string[];
  optional_host_permissions?: string[];
  background: Record<string, unknown>;
  content_security_policy: { extension_pages: string };
  browser_specific_settings?: { gecko: Record<string, unknown> };
  web_accessible_resources?: unknown;
  externally_connectable?: unknown;
}

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;
const directives = (csp: string): Map<string, string[]> =>
  new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));

describe('manifest', () => {
  it('asks for exactly the permissions the README justifies', () => {
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'contextMenus', 'offscreen', 'scripting', 'storage', 'unlimitedStorage']);
    expect([...manifest.host_permissions].sort()).toEqual(['https://*.zhihu.com/*', 'https://*.zhimg.com/*']);
    // Sync (issue #16): the user's own WebDAV server, asked for at run time, one origin, never at install.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('has a strict extension-page CSP with Trusted Types for our policies only', () => {
    const csp = directives(manifest.content_security_policy.extension_pages);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    // Fetches go to Zhihu, zhimg and the user's own sync server (any https origin, since it is theirs to choose;
    // the page still needs that origin's host permission to read its answers). Never plain http.
    expect(csp.get('connect-src')).toEqual(["'self'", 'https:']);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(manifest.content_security_policy.extension_pages).not.toMatch(/unsafe-(eval|inline)|wasm-unsafe-eval|https?:\/\/[^ ;]*\.(js|css)\b/);
    expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(csp.get('trusted-types')).toEqual([...TT_POLICIES]);
  });
});

describe('Firefox manifest', () => {
  const ff = firefoxManifest(manifest) as Manifest;

  it('runs the background as an event page beside the service worker key', () => {
    expect(ff.background).toEqual({ service_worker: 'src/background/index.ts', scripts: ['src/background/index.ts'], type: 'module' });
  });

  it('has a gecko id and declares that no data is collected', () => {
    expect(ff.browser_specific_settings?.gecko).toMatchObject({ id: GECKO_ID, data_collection_permissions: { required: ['none'] } });
  });

  it('keeps the CSP minus the Chromium-only Trusted Types directives, and the same permissions', () => {
    const csp = directives(ff.content_security_policy.extension_pages);
    expect(csp.has('trusted-types')).toBe(false);
    expect(csp.has('require-trusted-types-for')).toBe(false);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // Less Chromium's offscreen documents: Firefox's event page has a DOM for an automatic sync.
    expect(ff.permissions).toEqual(manifest.permissions.filter((p) => p !== 'offscreen'));
    expect(ff.host_permissions).toEqual(manifest.host_permissions);
  });
});
