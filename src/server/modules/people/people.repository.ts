import { type Insertable, type Kysely, sql } from 'kysely';
import { type BulkColumnType, bulkInsert } from '../../db/bulk-insert.ts';
import type { DB, PersonTable } from '../../db/schema.ts';

export type NewPerson = Insertable<PersonTable>;

const PERSON_BULK_COLUMNS: Record<string, BulkColumnType> = {
  full_name: 'text',
  name_key: 'text',
  birth_date: 'date',
  sex: 'text',
  cccd: 'text',
  cmnd: 'text',
  passport: 'text',
  phone: 'text',
  bhyt: 'text',
  unit_id: 'text',
  address_line: 'text',
  priority_group: 'text',
  is_demo: 'boolean',
};

/** Inserts persons in one statement, skipping any whose CCCD an active person already holds; returns how many were added. */
export async function insertPeople(db: Kysely<DB>, rows: NewPerson[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await bulkInsert(
    'person',
    PERSON_BULK_COLUMNS,
    rows.map((r) => ({ ...r, is_demo: r.is_demo ?? false })),
    sql`on conflict (cccd) where cccd is not null and merged_into is null do nothing`,
  ).execute(db);
  return Number(result.numAffectedRows ?? 0);
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
