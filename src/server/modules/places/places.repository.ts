import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, FacilityTable } from '../../db/schema.ts';

export interface UnitFilter {
  key?: string;
  codePrefix?: string;
  level?: 'province' | 'district' | 'commune';
  edition: string;
  parentId?: string;
  at?: string;
}

const unitColumns = [
  'u.id',
  'u.edition',
  'u.code',
  'u.level',
  'u.kind',
  'u.name',
  'u.short_name',
  'u.parent_id',
  'u.valid_from',
  'u.valid_to',
  'p.name as parent_name',
] as const;

function baseQuery(db: Kysely<DB>) {
  return db.selectFrom('admin_unit as u').leftJoin('admin_unit as p', 'p.id', 'u.parent_id');
}

/** The units matching a filter, before columns are chosen (shared by the page and its count). */
function filtered(db: Kysely<DB>, filter: UnitFilter) {
  const { key, codePrefix, level, parentId, at } = filter;
  return baseQuery(db)
    .where('u.edition', '=', filter.edition)
    .$if(level !== undefined, (q) => q.where('u.level', '=', level!))
    .$if(parentId !== undefined, (q) => q.where('u.parent_id', '=', parentId!))
    .$if(at !== undefined, (q) =>
      q
        .where((eb) => eb.or([eb('u.valid_from', 'is', null), eb('u.valid_from', '<=', at!)]))
        .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>=', at!)])),
    )
    .$if(codePrefix !== undefined, (q) => q.where('u.code', 'like', `${codePrefix}%`))
    .$if(key !== undefined, (q) => q.where('u.search_key', 'like', `%${key}%`));
}

/** Finds units by name key and filters; exact and prefix name matches rank first, provinces before communes. */
export async function searchUnits(db: Kysely<DB>, filter: UnitFilter, limit: number, offset: number) {
  const key = filter.key ?? '';
  const rows = await filtered(db, filter)
    .select(unitColumns)
    .orderBy(
      sql`case when ${key} = '' then 0
        when u.short_key = ${key} or u.search_key = ${key} then 0
        when u.short_key like ${`${key}%`} then 1
        when ' ' || u.search_key like ${`% ${key}%`} then 2
        else 3 end`,
    )
    .orderBy(sql`case u.level when 'province' then 0 when 'district' then 1 else 2 end`)
    .orderBy('u.short_key')
    .orderBy('u.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/** One unit by id, with its parent's name. */
export function findUnit(db: Kysely<DB>, id: string) {
  return baseQuery(db).select(unitColumns).where('u.id', '=', id).executeTakeFirst();
}

/** Number of units directly under a unit. */
export async function countChildren(db: Kysely<DB>, id: string): Promise<number> {
  const row = await db
    .selectFrom('admin_unit')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Units of the newer edition an old unit went into. */
export function findSuccessors(db: Kysely<DB>, oldId: string) {
  return baseQuery(db)
    .innerJoin('admin_unit_successor as s', 's.new_unit_id', 'u.id')
    .select([...unitColumns, 's.coverage'])
    .where('s.old_unit_id', '=', oldId)
    .orderBy('u.id')
    .execute();
}

/** Units of the older edition that went into a new unit. */
export function findPredecessors(db: Kysely<DB>, newId: string) {
  return baseQuery(db)
    .innerJoin('admin_unit_successor as s', 's.old_unit_id', 'u.id')
    .select([...unitColumns, 's.coverage'])
    .where('s.new_unit_id', '=', newId)
    .orderBy('u.id')
    .execute();
}

/** Communes of one province of the current edition (for demo data and pickers). */
export function listCommunesOfProvince(db: Kysely<DB>, provinceId: string) {
  return db
    .selectFrom('admin_unit')
    .select(['id', 'code', 'name', 'short_name', 'kind'])
    .where('parent_id', '=', provinceId)
    .orderBy('code')
    .execute();
}

/** Inserts facilities, skipping codes that exist; returns how many were added. */
export async function insertFacilities(db: Kysely<DB>, rows: Insertable<FacilityTable>[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await db
    .insertInto('facility')
    .values(rows)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Old-edition provinces that went (wholly or partly) into a current province. */
export function findPredecessorProvinces(db: Kysely<DB>, provinceId: string) {
  return db
    .selectFrom('admin_unit_successor as s')
    .innerJoin('admin_unit as u', 'u.id', 's.old_unit_id')
    .select(['u.id', 'u.code', 'u.name'])
    .where('s.new_unit_id', '=', provinceId)
    .where('u.level', '=', 'province')
    .orderBy('u.code')
    .execute();
}
