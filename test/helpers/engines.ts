/** The database engines the integration suite runs on: PGlite always, PostgreSQL when configured. */
export type TestEngine = 'pglite' | 'postgres';

export const TEST_ENGINES: TestEngine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Database names the suite creates on PostgreSQL start with this. */
export const PG_TEMPLATE = 'sskdt_test_template';
export const PG_TEST_PREFIX = 'sskdt_test_';

/** A connection URL for another database on the same PostgreSQL server. */
export function pgUrlFor(database: string, base = process.env.TEST_DATABASE_URL ?? ''): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
