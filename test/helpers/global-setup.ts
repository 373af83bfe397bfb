import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/server/db/database.ts';
import { prepareDatabase } from '../../src/server/setup.ts';
import { PG_TEMPLATE, PG_TEST_PREFIX, pgUrlFor } from './engines.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'sskdt-test');

/** A hash of everything that shapes a freshly prepared database. */
function templateKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...walk(path.join(ROOT, 'migrations')),
    ...walk(path.join(ROOT, 'reference')),
    ...walk(path.join(ROOT, 'src/server')).filter((f) => /reference|setup|migrator/.test(f)),
  ].sort();
  for (const file of files) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/**
 * Prepares one migrated, reference-loaded database per engine once per run; every test file then
 * starts from a copy (PGlite: a data-dir dump; PostgreSQL: CREATE DATABASE … TEMPLATE), which takes
 * well under a second instead of several.
 */
export default async function setup(project: TestProject) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const templateFile = path.join(CACHE_DIR, `pglite-${templateKey()}.tar`);
  if (!fs.existsSync(templateFile)) {
    const database = await openDatabase({ engine: 'pglite' });
    await prepareDatabase(database.db);
    const dump = await database.pglite!.dumpDataDir('none');
    fs.writeFileSync(`${templateFile}.tmp`, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(`${templateFile}.tmp`, templateFile);
    await database.close();
  }
  project.provide('pgliteTemplate', templateFile);

  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    try {
      const stale = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like '${PG_TEST_PREFIX}%'`,
      );
      for (const { datname } of stale.rows)
        await admin.query(`drop database if exists "${datname}" with (force)`);
      await admin.query(`create database "${PG_TEMPLATE}"`);
    } finally {
      await admin.end();
    }
    const template = await openDatabase({ engine: 'postgres', url: pgUrlFor(PG_TEMPLATE) });
    await prepareDatabase(template.db);
    await template.close();
  }
}
