import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PGliteDialect } from './pglite-dialect.ts';

interface T {
  item: { id: number; owner: string };
}

const open: Kysely<T>[] = [];

async function database(serialize: boolean) {
  const pglite = new PGlite();
  const db = new Kysely<T>({ dialect: new PGliteDialect({ pglite, serialize }) });
  open.push(db);
  await sql`create table item (id integer primary key, owner text not null)`.execute(db);
  return db;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two requests at once: A inserts inside a transaction, waits, then fails and rolls back; B inserts and
 * commits while A is waiting. Correct isolation leaves exactly B's row.
 */
async function interleave(db: Kysely<T>) {
  const a = db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('item').values({ id: 1, owner: 'A' }).execute();
      await pause(50);
      throw new Error('A fails');
    })
    .catch(() => 'A rolled back');
  await pause(10);
  const b = db.transaction().execute(async (trx) => {
    await trx.insertInto('item').values({ id: 2, owner: 'B' }).execute();
  });
  await Promise.allSettled([a, b]);
  return db.selectFrom('item').select(['id', 'owner']).orderBy('id').execute();
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

describe('PGlite dialect', () => {
  it('keeps concurrent transactions apart: the rolled-back one leaves nothing, the other keeps its row', async () => {
    const rows = await interleave(await database(true));
    expect(rows).toEqual([{ id: 2, owner: 'B' }]);
  });

  it('without the mutex the same two requests corrupt each other (the reason the mutex exists)', async () => {
    const rows = await interleave(await database(false));
    expect(rows).not.toEqual([{ id: 2, owner: 'B' }]);
  });

  it('reports affected rows for writes and none for reads', async () => {
    const db = await database(true);
    const inserted = await db
      .insertInto('item')
      .values([
        { id: 1, owner: 'x' },
        { id: 2, owner: 'y' },
      ])
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    const updated = await db.updateTable('item').set({ owner: 'z' }).where('id', '=', 1).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
    const deleted = await db.deleteFrom('item').where('id', '>', 0).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
  });

  it('runs many concurrent single queries and transactions without losing any', async () => {
    const db = await database(true);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? db.insertInto('item').values({ id: i, owner: 'single' }).execute()
          : db
              .transaction()
              .execute((trx) => trx.insertInto('item').values({ id: i, owner: 'tx' }).execute()),
      ),
    );
    const count = await db
      .selectFrom('item')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(50);
  });

  it('runs multi-statement scripts and savepoints', async () => {
    const db = await database(true);
    await sql.raw('insert into item values (1, $$a;b$$); insert into item values (2, $$c$$);').execute(db);
    const trx = await db.startTransaction().execute();
    await trx.insertInto('item').values({ id: 3, owner: 'kept' }).execute();
    const sp = await trx.savepoint('sp1').execute();
    await sp.insertInto('item').values({ id: 4, owner: 'undone' }).execute();
    await sp.rollbackToSavepoint('sp1').execute();
    await trx.commit().execute();
    const rows = await db.selectFrom('item').select('id').orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
