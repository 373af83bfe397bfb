import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** All vaccine products in catalogue order. */
export function listVaccineProducts(db: Kysely<DB>) {
  return db.selectFrom('vaccine_product').selectAll().orderBy('ordinal').execute();
}

/** The EU DCC value sets with their sizes. */
export function listValueSets(db: Kysely<DB>) {
  return db
    .selectFrom('eu_dcc_value_set as s')
    .leftJoin('eu_dcc_value as v', 'v.value_set_id', 's.id')
    .select((eb) => ['s.id', 's.version_date', eb.fn.count<number>('v.code').as('count')])
    .groupBy(['s.id', 's.version_date'])
    .orderBy('s.id')
    .execute();
}

/** One EU DCC value set and its values. */
export async function findValueSet(db: Kysely<DB>, id: string) {
  const set = await db.selectFrom('eu_dcc_value_set').selectAll().where('id', '=', id).executeTakeFirst();
  if (!set) return undefined;
  const values = await db
    .selectFrom('eu_dcc_value')
    .select(['code', 'display', 'active', 'system'])
    .where('value_set_id', '=', id)
    .orderBy('code')
    .execute();
  return { set, values };
}

/** Priority-group sets with their groups in order. */
export async function listPriorityGroupSets(db: Kysely<DB>) {
  const sets = await db.selectFrom('priority_group_set').selectAll().orderBy('valid_from').execute();
  const groups = await db
    .selectFrom('priority_group')
    .selectAll()
    .orderBy('set_code')
    .orderBy('ordinal')
    .execute();
  return { sets, groups };
}
