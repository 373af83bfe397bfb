/** The database engines the integration suite runs on: PGlite always, PostgreSQL when configured. */
export type TestEngine = 'pglite' | 'postgres';

export const TEST_ENGINES: TestEngine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * Database names the suite creates on PostgreSQL start with this (the run drops stale ones at start).
 * `SSKDT_TEST_DB_PREFIX` gives checkouts that run at the same time on one server prefixes of their own.
 */
export const PG_TEST_PREFIX = process.env.SSKDT_TEST_DB_PREFIX ?? 'sskdt_test_';
export const PG_TEMPLATE = `${PG_TEST_PREFIX}template`;

/** A connection URL for another database on the same PostgreSQL server. */
export function pgUrlFor(database: string, base = process.env.TEST_DATABASE_URL ?? ''): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
