import type { Insertable, Kysely } from 'kysely';
import type { DB, DoseTable } from '../../db/schema.ts';

function withNames(db: Kysely<DB>) {
  return db
    .selectFrom('dose as d')
    .leftJoin('facility as f', 'f.id', 'd.facility_id')
    .selectAll('d')
    .select('f.name as facility_name');
}

/** A dose by its client-chosen id. */
export function findDose(db: Kysely<DB>, id: string) {
  return withNames(db).where('d.id', '=', id).executeTakeFirst();
}

/** A person's doses (voided ones too), in order. */
export function dosesOf(db: Kysely<DB>, personId: string) {
  return withNames(db)
    .where('d.person_id', '=', personId)
    .orderBy('d.given_on')
    .orderBy('d.recorded_at')
    .execute();
}

/** Stores a dose; false when the id was taken (a concurrent resend). */
export async function insertDose(db: Kysely<DB>, row: Insertable<DoseTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('dose')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(inserted);
}

/** Marks a dose entered in error. */
export async function voidDose(db: Kysely<DB>, id: string, by: string, reason: string, now: Date) {
  await db
    .updateTable('dose')
    .set({ status: 'entered_in_error', void_reason: reason, voided_by: by, voided_at: now })
    .where('id', '=', id)
    .execute();
}

/** The vaccine catalogue rows the status engine needs. */
export function catalogue(db: Kysely<DB>) {
  return db
    .selectFrom('vaccine_product')
    .select(['code', 'name', 'platform', 'doses_in_series', 'intervals', 'mix_with'])
    .orderBy('ordinal')
    .execute();
}

/** Moves every dose of one person to another (a merge). */
export async function moveDoses(db: Kysely<DB>, fromPerson: string, toPerson: string): Promise<number> {
  const result = await db
    .updateTable('dose')
    .set({ person_id: toPerson })
    .where('person_id', '=', fromPerson)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
