import type { Insertable, Kysely } from 'kysely';
import type { DB, PersonTable } from '../../db/schema.ts';

export type NewPerson = Insertable<PersonTable>;

/** Inserts persons, skipping any whose CCCD an active person already holds; returns how many were added. */
export async function insertPeople(db: Kysely<DB>, rows: NewPerson[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await db
    .insertInto('person')
    .values(rows)
    .onConflict((oc) =>
      oc.column('cccd').where('cccd', 'is not', null).where('merged_into', 'is', null).doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Number of active (not merged) persons. */
export async function countPeople(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
