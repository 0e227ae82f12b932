/**
 * Trusted Types (Chromium, issue #7): under `require-trusted-types-for 'script'` a Worker's script
 * URL must be a TrustedScriptURL. This policy makes one only for a script of the extension itself.
 */
import type { TrustedTypePolicy, TrustedTypesWindow } from 'trusted-types/lib';

export const WORKER_POLICY = 'zhihu-offline-worker';

let policy: Pick<TrustedTypePolicy, 'createScriptURL'> | undefined;

function ownScript(url: string, page: Location): string {
  const resolved = new URL(url, page.href);
  if (resolved.origin !== page.origin || !resolved.pathname.endsWith('.js')) throw new TypeError(`${WORKER_POLICY}: not one of our scripts: ${url}`);
  return resolved.href;
}

/** `url` (relative to the page, or absolute) as the page's Worker constructor accepts it. */
export function trustedWorkerUrl(win: Window & typeof globalThis, url: string): string {
  const factory = (win as Partial<TrustedTypesWindow>).trustedTypes;
  if (!factory) return ownScript(url, win.location); // Firefox: no Trusted Types
  policy ??= factory.createPolicy(WORKER_POLICY, { createScriptURL: (u: string) => ownScript(u, win.location) });
  // A TrustedScriptURL is accepted wherever a string is; the DOM lib types only know strings.
  return policy.createScriptURL(url) as unknown as string;
}
