import { defineConfig } from '@playwright/test';
import { chromiumPath } from './scripts/system-tools';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // 2-core machine, and each extension test runs its own Chromium.
  workers: 1,
  fullyParallel: false,
  // A flaky e2e test is a bug to fix, not something to retry away.
  retries: 0,
  timeout: 60_000,
  // Saves start the MV3 worker and open IndexedDB; on 2 shared cores that can take seconds.
  // Waiting longer for a state is not retrying: a state that never comes still fails.
  expect: { timeout: 15_000 },
  // The fault-table reporter prints the reliability table (docs/reliability.md) when fault tests ran.
  reporter: [['list'], ['./e2e/support/fault-table-reporter.ts']],
  use: {
    // Debian's Chromium; keeps built-in fixtures from looking for a
    // Playwright-downloaded browser (there is no network to fetch one).
    launchOptions: { executablePath: chromiumPath() },
  },
});
