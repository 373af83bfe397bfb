import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/**
 * Stock levels of some holders (all when null), each with its lot, and the facility or store it is:
 * facility holders are `facility:<id>`, stores `unit:<id>` or `national`.
 */
export function levelsWithHolders(db: Kysely<DB>, holders: string[] | null) {
  // Holders are matched to their facility or store by primary key (the id cut out of the holder), and
  // the unit names are looked up per row: joining on `'unit:' || su.id` read and sorted the whole
  // admin_unit table (13,000+ rows) on every call, the stock tab's slowest part (docs/PERFORMANCE.md).
  let query = db
    .selectFrom('stock_level as s')
    .innerJoin('vaccine_lot as l', 'l.id', 's.lot_id')
    .leftJoin('facility as f', (join) =>
      join.on(
        sql<boolean>`f.id = (case when s.holder like 'facility:%' then substr(s.holder, 10)::uuid end)`,
      ),
    )
    .select([
      's.holder',
      's.quantity',
      'l.id',
      'l.vaccine_code',
      'l.lot_number',
      'l.expires_on',
      'l.doses_per_vial',
      'f.id as facility_id',
      'f.name as facility_name',
      sql<string | null>`(select fu.name from admin_unit fu where fu.id = f.unit_id)`.as(
        'facility_unit_name',
      ),
      sql<
        string | null
      >`(select su.name from admin_unit su where s.holder like 'unit:%' and su.id = substr(s.holder, 6))`.as(
        'store_unit_name',
      ),
    ]);
  if (holders) query = query.where('s.holder', 'in', holders.length ? holders : ['-']);
  return query
    .orderBy(sql`f.name nulls first`)
    .orderBy('s.holder')
    .orderBy('l.vaccine_code')
    .orderBy('l.expires_on')
    .execute();
}

/** One facility within a scope, with its commune and the province above it. */
export function facilityWithProvince(db: Kysely<DB>, scope: Scope, facilityId: string) {
  return db
    .selectFrom('facility as f')
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .leftJoin('admin_unit as p', 'p.id', 'u.parent_id')
    .select([
      'f.id',
      'f.name',
      'u.name as unit_name',
      'u.id as unit_id',
      'u.parent_id as province_id',
      'p.name as province_name',
    ])
    .where('f.id', '=', facilityId)
    .where(facilityInReach(scope))
    .executeTakeFirst();
}

/** The quantity of a lot at a holder, locking the row until the transaction ends (0 when none). */
export async function quantityForUpdate(db: Kysely<DB>, holder: string, lotId: string): Promise<number> {
  const row = await db
    .selectFrom('stock_level')
    .select('quantity')
    .where('holder', '=', holder)
    .where('lot_id', '=', lotId)
    .forUpdate()
    .executeTakeFirst();
  return row?.quantity ?? 0;
}

/** True when a movement with this id was already recorded (a resend). */
export async function movementExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('stock_movement').select('id').where('id', '=', id).executeTakeFirst());
}
