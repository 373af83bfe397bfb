import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a real `sskdt serve` with demo data
// (one server per test file, each on its own copy of the demo database).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Each file has its own server on its own copy of the demo data (demo-server.ts), so two files
    // run side by side; more would only compete for a 2-core machine's CPU.
    fileParallelism: true,
    maxWorkers: 2,
    // A page's first data or lazily loaded module can take more than a second on a busy 2-core machine
    // (the default poll timeout); a poll that is going to pass does so long before this.
    expect: { poll: { timeout: 10_000 } },
  },
});
