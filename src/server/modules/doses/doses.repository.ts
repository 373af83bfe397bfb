import { CompiledQuery, type Insertable, type Kysely, sql } from 'kysely';
import { preparedSql } from '../../db/prepared.ts';
import type { AuditEventTable, DB, DoseTable } from '../../db/schema.ts';
import { facilityPersonReachText, type Scope } from '../../policy/index.ts';

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

/**
 * Doses a service account (an API key) recorded, oldest first after a (recorded_at, id) cursor.
 * Voided ones are included so the site's software learns of the void.
 */
export function dosesRecordedByKey(
  db: Kysely<DB>,
  staffId: string,
  since: Date,
  after: { at: string; id: string } | null,
  limit: number,
) {
  // The cursor carries the timestamp as PostgreSQL prints it (microseconds): a JavaScript Date would
  // round it to milliseconds and the page's last row would come back on the next page.
  let query = withNames(db)
    .select(sql<string>`d.recorded_at::text`.as('recorded_at_text'))
    .where('d.source', '=', 'api')
    .where('d.recorded_by', '=', staffId)
    .where('d.recorded_at', '>=', since);
  if (after) {
    const at = sql<Date>`${after.at}::timestamptz`;
    query = query.where((eb) =>
      eb.or([
        eb('d.recorded_at', '>', at),
        eb.and([eb('d.recorded_at', '=', at), eb('d.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('d.recorded_at').orderBy('d.id').limit(limit).execute();
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

/**
 * Records a dose and everything that goes with it in one statement: the dose, its stock use (movement
 * and rollup), the person's link to the facility and the audit entry. Dose recording is the busiest
 * write of a campaign day, so this is one round trip instead of five, and a prepared statement on
 * PostgreSQL (parsed and planned once per connection); the rows are built by their own modules.
 * Returns false when the dose id was already taken (a concurrent resend).
 */
export async function insertDoseWithEffects(
  db: Kysely<DB>,
  row: Insertable<DoseTable> & { lot_id: string; facility_id: string },
  audit: Insertable<AuditEventTable>,
): Promise<boolean> {
  const result = await db.executeQuery<{ id: string }>(
    CompiledQuery.raw(INSERT_DOSE_WITH_EFFECTS, [
      row.id,
      row.person_id,
      row.vaccine_code,
      row.lot_id,
      row.lot_number ?? null,
      row.dose_number,
      row.given_at,
      row.given_on,
      row.facility_id,
      row.vaccinator ?? null,
      row.source,
      row.override_reason ?? null,
      row.request_hash,
      row.recorded_by ?? null,
      `facility:${row.facility_id}`,
      audit.actor_kind,
      audit.actor_id ?? null,
      audit.actor_role ?? null,
      audit.actor_label ?? null,
      audit.action,
      audit.person_id ?? null,
      audit.record_type ?? null,
      audit.record_id ?? null,
      audit.ip ?? null,
      audit.details ?? '{}',
    ]),
  );
  return result.rows.length === 1;
}

const INSERT_DOSE_WITH_EFFECTS = `${preparedSql('dose_insert')}
with inserted as (
  insert into dose (id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_at, given_on, facility_id,
    vaccinator, source, override_reason, request_hash, recorded_by)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
  on conflict (id) do nothing
  returning id
), used as (
  insert into stock_movement (lot_id, kind, from_holder, quantity, dose_id)
  select $4, 'use', $15, 1, id from inserted
), level as (
  insert into stock_level (holder, lot_id, quantity) select $15, $4, -1 from inserted
  on conflict (holder, lot_id) do update set quantity = stock_level.quantity - 1
), linked as (
  insert into person_facility (person_id, facility_id, reason) select $2, $9, 'dose' from inserted
  on conflict (person_id, facility_id) do update set expires_at = null
    where person_facility.expires_at is not null
), audited as (
  insert into audit_event (actor_kind, actor_id, actor_role, actor_label, action, person_id, record_type, record_id, ip, details)
  select $16, $17, $18, $19, $20, $21, $22, $23, $24, $25::jsonb from inserted
)
select id from inserted`;

export interface DoseContext {
  personVisible: boolean;
  lot: { id: string; vaccine_code: string; lot_number: string; expires_on: string } | null;
  doses: {
    id: string;
    vaccine_code: string;
    dose_number: number;
    given_on: string;
    status: 'recorded' | 'entered_in_error';
    country: string;
    request_hash: string;
  }[];
}

/**
 * Everything recording a dose at a facility has to check, in one round trip (a prepared statement on
 * PostgreSQL): whether the person is within the facility's reach, the lot, and the person's doses
 * (voided ones too), in order.
 */
export async function loadDoseContext(
  db: Kysely<DB>,
  personId: string,
  lotId: string,
  scope: Extract<Scope, { kind: 'facility' }>,
): Promise<DoseContext> {
  const result = await db.executeQuery<{
    person_id: string | null;
    lot: DoseContext['lot'];
    doses: DoseContext['doses'];
  }>(CompiledQuery.raw(DOSE_CONTEXT, [personId, lotId, scope.communeId, scope.facilityId]));
  const row = result.rows[0];
  return { personVisible: row.person_id !== null, lot: row.lot, doses: row.doses };
}

// The person test is the policy's facility reach, as fixed statement text (a prepared statement).
const DOSE_CONTEXT = `${preparedSql('dose_context')}
select
  (select p.id from person p
    where p.id = $1 and p.merged_into is null and ${facilityPersonReachText('p', '$3', '$4')}
  ) as person_id,
  (select json_build_object('id', l.id, 'vaccine_code', l.vaccine_code, 'lot_number', l.lot_number,
      'expires_on', l.expires_on)
    from vaccine_lot l where l.id = $2
  ) as lot,
  (select coalesce(json_agg(json_build_object('id', d.id, 'vaccine_code', d.vaccine_code,
      'dose_number', d.dose_number, 'given_on', d.given_on, 'status', d.status, 'country', d.country,
      'request_hash', d.request_hash) order by d.given_on, d.recorded_at), '[]'::json)
    from dose d where d.person_id = $1
  ) as doses`;

/** Whether a person has a recorded dose numbered `doseNumber` or later (a "next dose due" is stale). */
export async function hasRecordedDoseFrom(db: Kysely<DB>, personId: string, doseNumber: number) {
  const given = await db
    .selectFrom('dose')
    .select('id')
    .where('person_id', '=', personId)
    .where('status', '=', 'recorded')
    .where('dose_number', '>=', doseNumber)
    .executeTakeFirst();
  return Boolean(given);
}

/**
 * Doses recorded after a watermark (or, without one, in the last day) and at least `settleSeconds`
 * old, of people some household manages, in (recorded_at to the millisecond, id) order.
 *
 * Allow-listed cross-module read: the `household_member` filter stays in this
 * statement (a semi-join) so the follow-up planner reads only the doses of a campaign day that concern
 * a household, instead of every dose.
 */
export function recordedSince(
  db: Kysely<DB>,
  mark: { at: Date; id: string } | undefined,
  settleSeconds: number,
  batch: number,
) {
  return db
    .selectFrom('dose as d')
    .select(['d.id', 'd.person_id', 'd.dose_number', 'd.recorded_at'])
    .where('d.status', '=', 'recorded')
    .where(
      mark
        ? // The watermark keeps milliseconds (a JS date); PostgreSQL keeps microseconds.
          sql<boolean>`(date_trunc('milliseconds', d.recorded_at), d.id) > (${mark.at}, ${mark.id}::uuid)`
        : // First run: the last day's doses only, not the whole history of an imported registry.
          sql<boolean>`d.recorded_at > now() - interval '1 day'`,
    )
    .where(sql<boolean>`d.recorded_at <= now() - make_interval(secs => ${settleSeconds})`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('household_member as m').select('m.person_id').whereRef('m.person_id', '=', 'd.person_id'),
      ),
    )
    .orderBy(sql`date_trunc('milliseconds', d.recorded_at)`)
    .orderBy('d.id')
    .limit(batch)
    .execute();
}
