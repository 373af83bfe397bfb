import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase, redactUrl } from './database.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase (PGlite data directory)', () => {
  it('refuses a second process-level open of the same directory, and frees it on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-lock-'));
    dirs.push(dir);
    const first = await openDatabase({ engine: 'pglite', dataDir: dir });
    fs.writeFileSync(path.join(dir, 'sskdt.lock'), '1'); // PID 1 is always alive: another owner
    await expect(openDatabase({ engine: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    fs.writeFileSync(path.join(dir, 'sskdt.lock'), String(process.pid));
    await first.close();
    expect(fs.existsSync(path.join(dir, 'sskdt.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that no longer runs, and keeps data across reopen', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-stale-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'sskdt.lock'), '999999');
    const first = await openDatabase({ engine: 'pglite', dataDir: dir });
    await sql`create table kept (v text); insert into kept values ('still here')`.execute(first.db);
    await first.close();
    const second = await openDatabase({ engine: 'pglite', dataDir: dir });
    const rows = await sql<{ v: string }>`select v from kept`.execute(second.db);
    expect(rows.rows).toEqual([{ v: 'still here' }]);
    await second.close();
  });

  it('parses int8 as number and keeps dates as YYYY-MM-DD strings', async () => {
    const database = await openDatabase({ engine: 'pglite' });
    const row = await sql<{
      n: number;
      d: string;
      x: number;
    }>`select count(*) as n, date '2021-08-10' as d, 97.62::numeric as x`.execute(database.db);
    expect(row.rows[0]).toEqual({ n: 1, d: '2021-08-10', x: 97.62 });
    await database.close();
  });

  it('redacts passwords from connection URLs', () => {
    expect(redactUrl('postgres://user:secret@db:5432/sskdt')).toBe('postgres://user:***@db:5432/sskdt');
  });
});
