import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { faultyRows, seedRegistry } from '../../test/fixtures/imports/faulty-file.ts';
import { templateDataDir } from '../../test/helpers/data-dir.ts';
import { PG_TEMPLATE, pgUrlFor, TEST_ENGINES, type TestEngine } from '../../test/helpers/engines.ts';
import { countsOf, csvText, doseChecksum, importLocalFile } from '../../test/helpers/imports.ts';
import { ROOT, runSskdt, SSKDT_BIN } from '../../test/helpers/processes.ts';
import { type Database, openDatabase } from '../server/db/database.ts';
import { writeLegacyFile } from '../server/demo/legacy-file.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function tempDir(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A database the CLI can open: a PGlite directory or a PostgreSQL database, migrated, with a facility. */
async function cliDatabase(engine: TestEngine, facility: string) {
  let url: string | undefined;
  if (engine === 'postgres') {
    const name = `sskdt_cli_import_${Math.random().toString(16).slice(2, 10)}`;
    await admin(`create database "${name}" template "${PG_TEMPLATE}"`);
    cleanups.push(() => admin(`drop database if exists "${name}" with (force)`));
    url = pgUrlFor(name);
  }
  // PGlite: a directory holding the suite's template database.
  const dataDir = url ? tempDir('sskdt-cli-import-') : await templateDataDir('sskdt-cli-import-');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const open = (): Promise<Database> =>
    url ? openDatabase({ engine: 'postgres', url }) : openDatabase({ engine: 'pglite', dataDir });
  const database = await open();
  await seedRegistry(database.db, facility);
  await database.close();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url ?? '' };
  if (!url) delete env.DATABASE_URL;
  return { args: ['--data-dir', dataDir], env, open };
}

const cli = (args: string[], env: NodeJS.ProcessEnv) => runSskdt(args, env);

describe.each(TEST_ENGINES)('sskdt import (%s)', (engine) => {
  it('imports a faulty file: dry run, then for real with an error report; usage errors exit 2', async () => {
    const dir = tempDir('sskdt-cli-faulty-');
    const file = path.join(dir, 'faulty.csv');
    fs.writeFileSync(file, csvText(faultyRows()));
    const target = await cliDatabase(engine, 'CLI-SITE');
    const base = ['import', file, '--facility', 'CLI-SITE', ...target.args];
    const dry = await cli([...base, '--dry-run'], target.env);
    expect(dry.code, dry.stderr).toBe(0);
    // A dry run says what would happen: nothing was added.
    expect(dry.stdout).toContain(
      'Dry run (nothing written): 18 rows: 6 would be imported, 2 would be skipped, 7 failed, ' +
        '3 would go to review (3 new persons would be added)',
    );
    expect(dry.stdout).not.toContain('Rows to review');
    const report = path.join(dir, 'errors.xlsx');
    const real = await cli([...base, '--report', report], target.env);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(
      'Done: 18 rows: 6 imported, 2 skipped, 7 failed, 3 to review (3 new persons added)',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(report);
    expect(workbook.worksheets[0].rowCount).toBe(8);
    expect(workbook.worksheets[0].getRow(1).getCell(16).value).toBe('Lỗi / Error');

    expect(
      (
        await cli(
          ['import', path.join(dir, 'none.csv'), '--facility', 'CLI-SITE', ...target.args],
          target.env,
        )
      ).code,
    ).toBe(2);
    const unknown = await cli(['import', file, '--facility', 'NO-SUCH-SITE', ...target.args], target.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no facility with code NO-SUCH-SITE');
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, 'Cột A,Cột B\n1,2\n');
    const unmapped = await cli(['import', other, '--facility', 'CLI-SITE', ...target.args], target.env);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toContain('--mapping NAME');
  }, 240_000);

  it('a SIGKILL mid-import and a rerun end with the same database as an uninterrupted import', async () => {
    const dir = tempDir('sskdt-cli-kill-');
    const file = path.join(dir, 'legacy.csv');
    const written = await writeLegacyFile(file, { rows: 30_000, seed: 11, facility: 'KILL-SITE' });
    const killed = await cliDatabase(engine, 'KILL-SITE');
    const args = ['import', file, '--facility', 'KILL-SITE', ...killed.args];

    // Started as a child process; killed with SIGKILL once its progress shows a committed batch.
    const child = spawn(process.execPath, [SSKDT_BIN, ...args], { cwd: ROOT, env: killed.env });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal)),
    );
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const percent = [...stderr.matchAll(/\((\d+)%\)/g)].map((m) => Number(m[1]));
      if (percent.some((p) => p >= 20 && p < 90)) child.kill('SIGKILL');
    });
    expect(await exited, stderr).toBe('SIGKILL');

    let database = await killed.open();
    const [half] = await database.db.selectFrom('import_job').selectAll().execute();
    await database.close();
    expect(half.state).toBe('running');
    expect(half.next_row).toBeGreaterThan(0);
    expect(half.next_row).toBeLessThan(written.rows);

    const rerun = await cli(args, killed.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Resuming import ${half.id} after row ${half.next_row}`);
    database = await killed.open();
    const [resumed] = await database.db.selectFrom('import_job').selectAll().execute();
    const afterKill = await doseChecksum(database.db);
    await database.close();

    const fresh = await cliDatabase(engine, 'KILL-SITE');
    database = await fresh.open();
    const whole = await importLocalFile(database.db, file, 'KILL-SITE');
    const uninterrupted = await doseChecksum(database.db);
    await database.close();

    expect(resumed.state).toBe('done');
    expect(resumed.total_rows).toBe(written.rows);
    expect(countsOf(resumed)).toEqual(countsOf(whole));
    expect(resumed.count_failed).toBeGreaterThanOrEqual(written.invalidRows);
    expect(afterKill).toEqual(uninterrupted);
    expect(afterKill.doses).toBe(whole.count_imported + 1);
  }, 240_000);
});
