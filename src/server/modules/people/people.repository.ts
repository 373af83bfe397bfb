import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { type BulkColumnType, bulkInsert } from '../../db/bulk-insert.ts';
import type { DB, PersonTable } from '../../db/schema.ts';
import { personInReach, type Scope } from '../../policy/index.ts';

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

/** Adds one person. */
export function insertPerson(db: Kysely<DB>, row: NewPerson) {
  return db.insertInto('person').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Changes one person. */
export async function updatePerson(db: Kysely<DB>, id: string, changes: Updateable<PersonTable>) {
  await db.updateTable('person').set(changes).where('id', '=', id).execute();
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

function withUnits(db: Kysely<DB>) {
  return db
    .selectFrom('person as p')
    .leftJoin('admin_unit as c', 'c.id', 'p.unit_id')
    .leftJoin('admin_unit as pr', 'pr.id', 'c.parent_id')
    .selectAll('p')
    .select(['c.name as unit_name', 'pr.name as province_name']);
}

/** One person with unit names, when inside the scope (undefined otherwise: the caller answers 404). */
export function findPerson(db: Kysely<DB>, id: string, scope: Scope) {
  return withUnits(db).where('p.id', '=', id).where(personInReach(scope)).executeTakeFirst();
}

/** One person with unit names, whatever the scope (for citizens, whose access is by household). */
export function findPersonAnyScope(db: Kysely<DB>, id: string) {
  return withUnits(db).where('p.id', '=', id).executeTakeFirst();
}

/** The active person holding a CCCD, anywhere. */
export function findByCccd(db: Kysely<DB>, cccd: string) {
  return withUnits(db).where('p.cccd', '=', cccd).where('p.merged_into', 'is', null).executeTakeFirst();
}

/** Active persons with the same name key and birth date, and the same phone or commune. */
export function findLikelyDuplicates(
  db: Kysely<DB>,
  candidate: { name_key: string; birth_date: string; phone: string | null; unit_id: string | null },
  scope: Scope,
) {
  return withUnits(db)
    .where('p.merged_into', 'is', null)
    .where('p.name_key', '=', candidate.name_key)
    .where('p.birth_date', '=', candidate.birth_date)
    .where((eb) =>
      eb.or([
        ...(candidate.phone ? [eb('p.phone', '=', candidate.phone)] : []),
        ...(candidate.unit_id ? [eb('p.unit_id', '=', candidate.unit_id)] : []),
        eb.val(false),
      ]),
    )
    .where(personInReach(scope))
    .limit(10)
    .execute();
}

export type SearchKind =
  | { kind: 'identifier'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; key: string };

/** Staff search inside a scope: identifier or phone exactly, or name key (exact, prefix, contained), ranked. */
export async function searchPeople(
  db: Kysely<DB>,
  search: SearchKind,
  birthDate: string | undefined,
  scope: Scope,
  limit: number,
  offset: number,
) {
  let query = withUnits(db).where('p.merged_into', 'is', null).where(personInReach(scope));
  if (birthDate) query = query.where('p.birth_date', '=', birthDate);
  if (search.kind === 'identifier') {
    query = query.where((eb) => eb.or([eb('p.cccd', '=', search.value), eb('p.cmnd', '=', search.value)]));
  } else if (search.kind === 'phone') {
    query = query.where('p.phone', '=', search.value);
  } else {
    query = query.where('p.name_key', 'like', `%${search.key}%`);
  }
  const key = search.kind === 'name' ? search.key : '';
  const rows = await query
    .orderBy(sql`case when p.name_key = ${key} then 0 when p.name_key like ${`${key}%`} then 1 else 2 end`)
    .orderBy('p.name_key')
    .orderBy('p.birth_date')
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

/**
 * Records that a facility holds records of a person (so its staff may see them). A link given
 * `expiresInHours` (a walk-in identification) lapses then; a lasting link (a visit, dose, registration)
 * makes an expiring one lasting, and an expiring one never shortens a lasting one. The expiry is the
 * database's clock, as the reach condition that reads it (`pf.expires_at > now()`).
 */
export async function linkFacility(
  db: Kysely<DB>,
  personId: string,
  facilityId: string,
  reason: DB['person_facility']['reason'],
  expiresInHours: number | null = null,
) {
  const expiresAt =
    expiresInHours === null ? null : sql<Date>`now() + make_interval(hours => ${expiresInHours}::integer)`;
  await db
    .insertInto('person_facility')
    .values({ person_id: personId, facility_id: facilityId, reason, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['person_id', 'facility_id'])
        .doUpdateSet(expiresAt ? { expires_at: expiresAt } : { expires_at: null, reason })
        .where('person_facility.expires_at', 'is not', null),
    )
    .execute();
}

/** Active persons of one commune, oldest first (demo households are built from them). */
export function listByUnit(db: Kysely<DB>, unitId: string, limit: number) {
  return db
    .selectFrom('person')
    .select(['id', 'birth_date', 'sex', 'phone', 'full_name'])
    .where('unit_id', '=', unitId)
    .where('merged_into', 'is', null)
    .orderBy('birth_date')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A person's full name, whatever the scope (the inbox names the member a message is about). */
export async function fullNameOf(db: Kysely<DB>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('person').select('full_name').where('id', '=', id).executeTakeFirst();
  return row?.full_name;
}
