import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** Round-trips a trivial query: the database answers. */
export async function ping(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Number of reference datasets loaded. */
export async function countReferenceDatasets(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('reference_dataset')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Reads one instance setting. */
export async function getSetting<T>(db: Kysely<DB>, key: string): Promise<T | undefined> {
  const row = await db
    .selectFrom('instance_setting')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value as T | undefined;
}

/** Writes one instance setting. */
export async function putSetting(db: Kysely<DB>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('instance_setting')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

/** Writes one instance setting unless it exists (two processes at once: the first one wins). */
export async function addSetting(db: Kysely<DB>, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('instance_setting')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Replaces one instance setting only while its text field `field` still holds `expected`. */
export async function replaceSettingIf(
  db: Kysely<DB>,
  key: string,
  value: unknown,
  expected: { field: string; value: string },
): Promise<void> {
  await db
    .updateTable('instance_setting')
    .set({ value: JSON.stringify(value), updated_at: new Date() })
    .where('key', '=', key)
    .where(sql<string>`value ->> ${expected.field}`, '=', expected.value)
    .execute();
}

/** Aggregate counts for the public overview (no personal data). */
export async function overviewCounts(db: Kysely<DB>) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('person')
        .select(eb.fn.countAll<number>().as('n'))
        .where('merged_into', 'is', null)
        .as('people'),
      eb
        .selectFrom('facility')
        .select(eb.fn.countAll<number>().as('n'))
        .where('active', '=', true)
        .as('facilities'),
      eb
        .selectFrom('admin_unit')
        .select(eb.fn.countAll<number>().as('n'))
        .where('level', '=', 'province')
        .where('valid_to', 'is', null)
        .as('provinces'),
      eb
        .selectFrom('admin_unit')
        .select(eb.fn.countAll<number>().as('n'))
        .where('level', '=', 'commune')
        .where('valid_to', 'is', null)
        .as('communes'),
      eb.selectFrom('vaccine_product').select(eb.fn.countAll<number>().as('n')).as('vaccines'),
    ])
    .executeTakeFirstOrThrow();
  return {
    people: Number(row.people),
    facilities: Number(row.facilities),
    provinces: Number(row.provinces),
    communes: Number(row.communes),
    vaccines: Number(row.vaccines),
  };
}
