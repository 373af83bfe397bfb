import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import { bulkInsert } from './bulk-insert.ts';
import type { Database } from './database.ts';

describe.each(TEST_ENGINES)('bulkInsert (%s)', (engine) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await sql`create table bulk (t text, d date, ts timestamptz, n integer, b boolean, j jsonb, u uuid)`.execute(
      database.db,
    );
  });
  afterAll(() => database.close());

  it('stores awkward values exactly: quotes, backslashes, commas, braces, NULL-looking text, Vietnamese', async () => {
    const texts = [
      `O'Brien`,
      'back\\slash',
      'a,b',
      '{braces}',
      '"quoted"',
      'NULL',
      '',
      'Nguyễn Văn Đức',
      'tab\there',
      null,
    ];
    const rows = texts.map((t, i) => ({
      t,
      d: i % 2 ? '2021-08-10' : null,
      ts: new Date(Date.UTC(2021, 7, 10, 8, i)),
      n: i,
      b: i % 2 === 0,
      j: { i, name: t },
      u: `00000000-0000-4000-8000-00000000000${i}`,
    }));
    await bulkInsert(
      'bulk',
      { t: 'text', d: 'date', ts: 'timestamptz', n: 'integer', b: 'boolean', j: 'jsonb', u: 'uuid' },
      rows,
    ).execute(database.db);
    const back = await sql<{
      t: string | null;
      d: string | null;
      ts: Date;
      n: number;
      b: boolean;
      j: unknown;
    }>`
      select t, d, ts, n, b, j from bulk order by n`.execute(database.db);
    expect(back.rows.map((r) => r.t)).toEqual(texts);
    expect(back.rows[1].d).toBe('2021-08-10');
    expect(back.rows[0].d).toBeNull();
    expect(back.rows[3].ts.toISOString()).toBe('2021-08-10T08:03:00.000Z');
    expect(back.rows[2].b).toBe(true);
    expect(back.rows[7].j).toEqual({ i: 7, name: 'Nguyễn Văn Đức' });
  });

  it('inserts nothing for no rows and takes an ON CONFLICT suffix', async () => {
    await sql`create table bulk_unique (k text primary key)`.execute(database.db);
    await bulkInsert('bulk_unique', { k: 'text' }, [{ k: 'a' }, { k: 'b' }]).execute(database.db);
    const again = await bulkInsert(
      'bulk_unique',
      { k: 'text' },
      [{ k: 'b' }, { k: 'c' }],
      sql`on conflict (k) do nothing`,
    ).execute(database.db);
    expect(Number(again.numAffectedRows)).toBe(1);
    await bulkInsert('bulk_unique', { k: 'text' }, []).execute(database.db);
    const count = await sql<{ n: number }>`select count(*)::int as n from bulk_unique`.execute(database.db);
    expect(count.rows[0].n).toBe(3);
  });
});
