import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../test/helpers/test-app.ts';
import type { Database } from './database.ts';
import { preparedName, preparedSql } from './prepared.ts';

describe('preparedSql marker', () => {
  it('names marked statements by marker and text, and leaves others alone', () => {
    const a = `${preparedSql('thing')} select 1`;
    const b = `${preparedSql('thing')} select 2`;
    expect(preparedName(a)).toMatch(/^thing_[0-9a-f]{12}$/);
    expect(preparedName(a)).toBe(preparedName(a));
    expect(preparedName(b)).not.toBe(preparedName(a));
    expect(preparedName('select 1')).toBeUndefined();
    expect(preparedName('/* prepared:Bad-Name */ select 1')).toBeUndefined();
    expect(() => preparedSql('no spaces')).toThrow();
  });
});

const INSERT = `${preparedSql('test_insert')}
insert into prepared_item (id, day, n, note) values ($1, $2, $3, $4) returning id, day, n, note, details`;
const SELECT = `${preparedSql('test_select')}
select count(*) as n, json_agg(json_build_object('id', id, 'day', day) order by id) as items,
  max(day) as last_day from prepared_item where n >= $1`;

describe.each(TEST_ENGINES)('prepared statements (%s)', (engine) => {
  let database: Database;
  const run = <R>(text: string, params: unknown[]) =>
    database.db.executeQuery<R>(CompiledQuery.raw(text, params));

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await sql`create table prepared_item (id integer primary key, day date not null, n bigint not null,
      note text, details jsonb not null default '{"k": 1}')`.execute(database.db);
  });
  afterAll(() => database.close());

  it('runs many times with parameters, parsing results as unprepared statements do', async () => {
    for (let id = 1; id <= 12; id++) {
      const { rows } = await run(INSERT, [id, `2021-09-${String(id).padStart(2, '0')}`, id * 10, null]);
      expect(rows).toEqual([
        { id, day: `2021-09-${String(id).padStart(2, '0')}`, n: id * 10, note: null, details: { k: 1 } },
      ]);
    }
    const { rows } = await run<{ n: number; items: { id: number; day: string }[]; last_day: string }>(
      SELECT,
      [100],
    );
    expect(rows[0].n).toBe(3);
    expect(rows[0].items).toEqual([
      { id: 10, day: '2021-09-10' },
      { id: 11, day: '2021-09-11' },
      { id: 12, day: '2021-09-12' },
    ]);
    expect(rows[0].last_day).toBe('2021-09-12');
  });

  it('reports errors with their constraint, and the session keeps working afterwards', async () => {
    const failure = await run(INSERT, [1, '2021-10-01', 1, 'again']).catch((error) => error);
    expect(failure).toMatchObject({ code: '23505', constraint: 'prepared_item_pkey' });
    const bad = await run(INSERT, [99, 'not a date', 1, null]).catch((error) => error);
    expect(bad).toMatchObject({ code: '22007' });
    const { rows } = await run<{ n: number }>(SELECT, [0]);
    expect(rows[0].n).toBe(12);
  });

  it('takes part in transactions: a rollback undoes its write', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw(INSERT, [50, '2021-11-01', 500, 'in a transaction']));
        const inside = await trx.executeQuery<{ n: number }>(CompiledQuery.raw(SELECT, [500]));
        expect(inside.rows[0].n).toBe(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const { rows } = await run<{ n: number }>(SELECT, [500]);
    expect(rows[0].n).toBe(0);
  });

  // PGlite only (defined, not skipped, on that engine): its dialect re-prepares on a lost statement;
  // on PostgreSQL the pg client owns its prepared statements per connection.
  if (engine === 'pglite')
    it('prepares again when the session lost its statements', async () => {
      await sql`deallocate all`.execute(database.db);
      const { rows } = await run<{ n: number }>(SELECT, [0]);
      expect(rows[0].n).toBe(12);
    });
});
