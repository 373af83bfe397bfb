import { type Kysely, sql } from 'kysely';
import { bulkInsert } from '../../db/bulk-insert.ts';
import type { DB, TallySource } from '../../db/schema.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

/** The key of a tally: one facility, day and vaccine. */
export type TallyKey = {
  facility_id: string;
  day: string;
  vaccine_code: string;
};

/** Facilities within a scope named by id or code (unknown and out-of-scope ones are simply absent). */
export function facilitiesInScope(db: Kysely<DB>, scope: Scope, ids: string[], codes: string[]) {
  if (!ids.length && !codes.length) return Promise.resolve([]);
  return db
    .selectFrom('facility as f')
    .select(['f.id', 'f.code', 'f.name', 'f.unit_id'])
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('f.id', 'in', ids)] : []),
        ...(codes.length ? [eb('f.code', 'in', codes)] : []),
      ]),
    )
    .where(facilityInReach(scope))
    .execute();
}

/** Codes of the vaccine catalogue. */
export async function vaccineCodes(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('vaccine_product').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

/** Inserts the tallies whose key has none yet; returns those inserted. */
export function insertNew(
  db: Kysely<DB>,
  rows: (TallyKey & { doses: number; source: TallySource; reported_by: string; reported_at: Date })[],
) {
  return bulkInsert(
    'dose_tally',
    {
      facility_id: 'uuid',
      day: 'date',
      vaccine_code: 'text',
      doses: 'integer',
      source: 'text',
      reported_by: 'uuid',
      reported_at: 'timestamptz',
    },
    rows,
    sql`on conflict (facility_id, day, vaccine_code) do nothing
      returning id, facility_id, day, vaccine_code, doses`,
  )
    .$castTo<TallyKey & { id: string; doses: number }>()
    .execute(db)
    .then((r) => r.rows);
}

/** The tallies of some keys, locked until the transaction ends. */
export async function lockExisting(db: Kysely<DB>, keys: TallyKey[]) {
  if (!keys.length) return [];
  const result = await sql<TallyKey & { id: string; doses: number }>`
    select t.id, t.facility_id, t.day, t.vaccine_code, t.doses
    from dose_tally t
    join unnest(${keys.map((k) => k.facility_id)}::uuid[], ${keys.map((k) => k.day)}::date[],
                ${keys.map((k) => k.vaccine_code)}::text[]) as k (facility_id, day, vaccine_code)
      on t.facility_id = k.facility_id and t.day = k.day and t.vaccine_code = k.vaccine_code
    for update of t`.execute(db);
  return result.rows;
}

/** Replaces the numbers of existing tallies, with who reported them and when. */
export async function updateDoses(
  db: Kysely<DB>,
  changes: { id: string; doses: number }[],
  by: { source: TallySource; reported_by: string; reported_at: Date },
) {
  if (!changes.length) return;
  await sql`
    update dose_tally t
    set doses = u.doses, source = ${by.source}, reported_by = ${by.reported_by}::uuid,
        reported_at = ${by.reported_at}::timestamptz
    from unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.doses)}::integer[])
      as u (id, doses)
    where t.id = u.id`.execute(db);
}

/** Appends revisions (the history of each number). */
export async function insertRevisions(
  db: Kysely<DB>,
  rows: {
    tally_id: string;
    doses: number;
    previous_doses: number | null;
    source: TallySource;
    reported_by: string;
    reported_at: Date;
  }[],
) {
  if (!rows.length) return;
  await bulkInsert(
    'dose_tally_revision',
    {
      tally_id: 'uuid',
      doses: 'integer',
      previous_doses: 'integer',
      source: 'text',
      reported_by: 'uuid',
      reported_at: 'timestamptz',
    },
    rows,
  ).execute(db);
}

/** A facility's tallies between two days, with the reporter's display name. */
export function tallies(db: Kysely<DB>, facilityId: string, from: string, to: string) {
  return db
    .selectFrom('dose_tally as t')
    .leftJoin('staff_user as s', 's.id', 't.reported_by')
    .select(['t.day', 't.vaccine_code', 't.doses', 't.source', 't.reported_at', 's.display_name'])
    .where('t.facility_id', '=', facilityId)
    .where('t.day', '>=', from)
    .where('t.day', '<=', to)
    .execute();
}

/** Recorded (not voided) doses of a facility between two days, per day and vaccine. */
export function recordedCounts(db: Kysely<DB>, facilityId: string, from: string, to: string) {
  return db
    .selectFrom('dose as d')
    .select(['d.given_on as day', 'd.vaccine_code', (eb) => eb.fn.countAll<number>().as('recorded')])
    .where('d.facility_id', '=', facilityId)
    .where('d.given_on', '>=', from)
    .where('d.given_on', '<=', to)
    .where('d.status', '=', 'recorded')
    .groupBy(['d.given_on', 'd.vaccine_code'])
    .execute();
}

/** The revisions of one tally, oldest first (for tests and support). */
export function revisionsOf(db: Kysely<DB>, key: TallyKey) {
  return db
    .selectFrom('dose_tally_revision as r')
    .innerJoin('dose_tally as t', 't.id', 'r.tally_id')
    .select(['r.doses', 'r.previous_doses', 'r.source', 'r.reported_by'])
    .where('t.facility_id', '=', key.facility_id)
    .where('t.day', '=', key.day)
    .where('t.vaccine_code', '=', key.vaccine_code)
    .orderBy('r.id')
    .execute();
}
