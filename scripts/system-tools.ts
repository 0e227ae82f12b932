// The Debian programs the tests, the demo and the bench run: one place that finds each.
// Debian's path is the default (the project never downloads a browser); an environment variable
// points at another install; a missing one fails with the package to install, not an ENOENT deep
// inside a browser launcher.
import { existsSync } from 'node:fs';

interface SystemTool {
  /** What the user reads in the error. */
  name: string;
  envVar: string;
  debianPath: string;
  debianPackage: string;
}

const CHROMIUM: SystemTool = { name: 'Chromium', envVar: 'ZO_CHROMIUM', debianPath: '/usr/bin/chromium', debianPackage: 'chromium' };
const FIREFOX: SystemTool = { name: 'Firefox ESR', envVar: 'ZO_FIREFOX', debianPath: '/usr/bin/firefox-esr', debianPackage: 'firefox-esr' };
// Debian's /usr/bin/epubcheck is the jar itself, run through binfmt_misc, which containers often
// lack; running the jar with java works everywhere.
const EPUBCHECK: SystemTool = { name: 'EPUBCheck', envVar: 'ZO_EPUBCHECK_JAR', debianPath: '/usr/share/java/epubcheck.jar', debianPackage: 'epubcheck' };

/** The tool's path, or why it cannot be used (for callers that report rather than throw). */
export function locate(tool: SystemTool, env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const override = env[tool.envVar];
  const path = override !== undefined && override !== '' ? override : tool.debianPath;
  if (existsSync(path)) return { path };
  const where = override ? `${tool.envVar}=${override}` : tool.debianPath;
  return {
    missing:
      `${tool.name} was not found at ${where}. Install Debian's package with \`apt-get install ${tool.debianPackage}\` ` +
      `(scripts/ensure-browser.sh does it when run as root), or set ${tool.envVar} to the ${tool.name} to use.`,
  };
}

function resolveTool(tool: SystemTool): string {
  const found = locate(tool);
  if ('missing' in found) throw new Error(found.missing);
  return found.path;
}

export const chromiumPath = (): string => resolveTool(CHROMIUM);
export const firefoxPath = (): string => resolveTool(FIREFOX);
export const epubcheckJar = (): string => resolveTool(EPUBCHECK);
export const SYSTEM_TOOLS = { CHROMIUM, FIREFOX, EPUBCHECK } as const;
