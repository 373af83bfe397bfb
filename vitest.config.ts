import { defineConfig } from 'vitest/config';

// Unit tests (pure code in src/shared and src/web) and integration tests (HTTP through app.inject on a
// fresh migrated database per file, on PGlite and — with TEST_DATABASE_URL — PostgreSQL).
// Browser tests have their own config: vitest.e2e.config.ts.
export default defineConfig({
  test: {
    // Integration files open their own databases. Three at a time on a 2-core machine: the CLI files spend
    // much of their time waiting for the `sskdt` processes they spawn, and a third worker fills that
    // (unit + integration on PGlite and PostgreSQL: 495 s against 554 s with two, CPU 99 % busy).
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/shared/**/*.test.ts', 'src/web/**/*.test.ts', 'test/helpers/**/*.test.ts'],
          environment: 'node',
          // A ceiling for a loaded 2-core host (crypto and conformance files), not a speed check.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/server/**/*.test.ts', 'src/cli/**/*.test.ts', 'bench/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
