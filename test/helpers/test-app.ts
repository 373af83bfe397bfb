import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type AppOptions, buildApp } from '../../src/server/app.ts';
import { type Database, openDatabase } from '../../src/server/db/database.ts';
import { PG_TEMPLATE, PG_TEST_PREFIX, pgUrlFor, type TestEngine } from './engines.ts';

export { TEST_ENGINES, type TestEngine } from './engines.ts';

/** Where the integration suite's server logs go, so they can be searched for personal data afterwards. */
export const TEST_LOG_FILE = path.resolve(import.meta.dirname, '../../test-results/server-test.log');

/** A fresh migrated database with reference data, copied from the run's template. */
export async function createTestDatabase(engine: TestEngine): Promise<Database> {
  if (engine === 'pglite') {
    const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ engine: 'pglite', loadDataDir: blob });
  }
  const name = `${PG_TEST_PREFIX}${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database "${name}" template "${PG_TEMPLATE}"`);
  const database = await openDatabase({ engine: 'postgres', url: pgUrlFor(name), poolSize: 20 });
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestContext {
  app: FastifyInstance;
  database: Database;
}

/**
 * Registers beforeAll/afterAll hooks that give the file's tests an app on a fresh database of one
 * engine. Read `ctx.app` inside tests (it is set once the hooks ran).
 */
export function useTestApp(engine: TestEngine, options: Partial<AppOptions> = {}): TestContext {
  const ctx = {} as TestContext;
  const undeclared: string[] = [];
  beforeAll(async () => {
    fs.mkdirSync(path.dirname(TEST_LOG_FILE), { recursive: true });
    ctx.database = await createTestDatabase(engine);
    ctx.app = await buildApp({
      database: ctx.database,
      logLevel: 'info',
      logFile: TEST_LOG_FILE,
      webDir: null,
      onUndeclaredError: (violation) => undeclared.push(violation),
      ...options,
      // Tests sign in admins and managers with a password alone unless they test mandatory TOTP.
      security: { totpRequiredRoles: [], ...options.security },
    });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.database?.close();
    // Every problem code a route answered must be listed in its contract entry (src/shared/contracts).
    expect([...new Set(undeclared)], 'error codes answered but not declared').toEqual([]);
  });
  return ctx;
}
