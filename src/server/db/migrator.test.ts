import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import type { Database } from './database.ts';
import { migrate, pendingMigrations, readMigrations } from './migrator.ts';
import { loadReferenceData, type ReferenceDataset } from './reference-loader.ts';

describe.each(TEST_ENGINES)('migrations and reference data (%s)', (engine) => {
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-migrations-'));
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the template database has every migration applied; migrating again applies nothing', async () => {
    expect(await pendingMigrations(database.db)).toBe(0);
    const report = await migrate(database.db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(readMigrations().length);
  });

  it('applies new files in order, each once, and refuses an edited one', async () => {
    const existing = readMigrations();
    for (const m of existing) fs.writeFileSync(path.join(dir, m.file), m.sql);
    const next = String(existing.length + 1).padStart(4, '0');
    fs.writeFileSync(
      path.join(dir, `${next}_extra.sql`),
      'create table extra (id int);\ninsert into extra values (1);',
    );
    const first = await migrate(database.db, dir);
    expect(first.applied.map((m) => m.file)).toEqual([`${next}_extra.sql`]);
    expect((await migrate(database.db, dir)).applied).toEqual([]);
    fs.writeFileSync(path.join(dir, `${next}_extra.sql`), 'create table extra (id bigint);');
    await expect(migrate(database.db, dir)).rejects.toThrow(/changed after it was applied/);
  });

  it('refuses badly named or gapped migration files', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-bad-'));
    fs.writeFileSync(path.join(bad, '0001_a.sql'), 'select 1;');
    fs.writeFileSync(path.join(bad, '0003_c.sql'), 'select 1;');
    expect(() => readMigrations(bad)).toThrow(/without gaps/);
    fs.writeFileSync(path.join(bad, 'oops.sql'), 'select 1;');
    expect(() => readMigrations(bad)).toThrow(/must look like/);
  });

  it('reloads a reference dataset only when its files change, and rolls back a failed load', async () => {
    const refDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-ref-'));
    fs.writeFileSync(path.join(refDir, 'colours.json'), JSON.stringify(['red', 'green']));
    await sql`create table if not exists colour (name text primary key)`.execute(database.db);
    const dataset: ReferenceDataset = {
      name: 'test-colours',
      files: ['colours.json'],
      loaderVersion: 1,
      async load(trx, read) {
        const names = JSON.parse(read('colours.json')) as string[];
        for (const name of names) {
          if (name === 'bad') throw new Error('bad colour');
          await trx
            .insertInto('colour' as never)
            .values({ name } as never)
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        return names.length;
      },
    };
    expect(await loadReferenceData(database.db, [dataset], refDir)).toEqual([
      { name: 'test-colours', status: 'loaded', rows: 2 },
    ]);
    expect(await loadReferenceData(database.db, [dataset], refDir)).toEqual([
      { name: 'test-colours', status: 'unchanged', rows: 2 },
    ]);
    fs.writeFileSync(path.join(refDir, 'colours.json'), JSON.stringify(['blue', 'bad']));
    await expect(loadReferenceData(database.db, [dataset], refDir)).rejects.toThrow('bad colour');
    const colours = await sql<{ name: string }>`select name from colour order by name`.execute(database.db);
    expect(colours.rows.map((r) => r.name)).toEqual(['green', 'red']);
  });
});
