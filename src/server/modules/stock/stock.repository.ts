import { type Kysely, sql } from 'kysely';
import type { DB, StockMovementKind } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/** Adds a lot. */
export function insertLot(
  db: Kysely<DB>,
  row: { vaccine_code: string; lot_number: string; expires_on: string; doses_per_vial: number },
) {
  return db
    .insertInto('vaccine_lot')
    .values(row)
    .onConflict((oc) => oc.columns(['vaccine_code', 'lot_number']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** One lot. */
export function findLot(db: Kysely<DB>, id: string) {
  return db.selectFrom('vaccine_lot').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Lots, newest expiry first. */
export function listLots(db: Kysely<DB>, vaccineCode?: string) {
  let query = db.selectFrom('vaccine_lot').selectAll();
  if (vaccineCode) query = query.where('vaccine_code', '=', vaccineCode);
  return query.orderBy('expires_on', 'desc').execute();
}

/**
 * Records one movement and applies it to the stock rollup of both holders in the same statement
 * batch. Returns false when the movement id was already recorded (a resend).
 */
export async function insertMovement(
  db: Kysely<DB>,
  row: {
    id?: string;
    lot_id: string;
    kind: StockMovementKind;
    from_holder: string | null;
    to_holder: string | null;
    quantity: number;
    dose_id?: string | null;
    note?: string | null;
    recorded_by?: string | null;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('stock_movement')
    .values({
      ...row,
      dose_id: row.dose_id ?? null,
      note: row.note ?? null,
      recorded_by: row.recorded_by ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  for (const [holder, delta] of [
    [row.from_holder, -row.quantity],
    [row.to_holder, row.quantity],
  ] as const) {
    if (!holder) continue;
    await sql`insert into stock_level (holder, lot_id, quantity) values (${holder}, ${row.lot_id}, ${delta})
      on conflict (holder, lot_id) do update set quantity = stock_level.quantity + excluded.quantity`.execute(
      db,
    );
  }
  return true;
}

/** Sum of the movements of a lot at a holder (to check the rollup). */
export async function movementBalance(db: Kysely<DB>, holder: string, lotId: string): Promise<number> {
  const row = await sql<{ n: number }>`
    select coalesce(sum(case when to_holder = ${holder} then quantity else 0 end), 0)
         - coalesce(sum(case when from_holder = ${holder} then quantity else 0 end), 0) as n
    from stock_movement where lot_id = ${lotId} and (to_holder = ${holder} or from_holder = ${holder})`.execute(
    db,
  );
  return Number(row.rows[0]?.n ?? 0);
}

/** A lot by vaccine and number. */
export function findLotByNumber(db: Kysely<DB>, vaccineCode: string, lotNumber: string) {
  return db
    .selectFrom('vaccine_lot')
    .selectAll()
    .where('vaccine_code', '=', vaccineCode)
    .where('lot_number', '=', lotNumber)
    .executeTakeFirst();
}

/** True when the vaccine code is in the catalogue. */
export async function vaccineExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('vaccine_product').select('code').where('code', '=', code).executeTakeFirst(),
  );
}

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
