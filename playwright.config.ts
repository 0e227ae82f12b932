import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // 2-core machine, and each extension test runs its own Chromium.
  workers: 1,
  fullyParallel: false,
  // A flaky e2e test is a bug to fix, not something to retry away.
  retries: 0,
  timeout: 60_000,
  reporter: 'list',
  use: {
    // Debian's Chromium; keeps built-in fixtures from looking for a
    // Playwright-downloaded browser (there is no network to fetch one).
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
});
