import { type Insertable, type Kysely, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { AuditEventTable, DB, DoseTable } from '../../db/schema.ts';
import { personInScope, type Scope } from '../accounts/actor.ts';

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

/**
 * Records a dose and everything that goes with it in one statement: the dose, its stock use (movement
 * and rollup), the person's link to the facility and the audit entry. Dose recording is the busiest
 * write of a campaign day, so this is one round trip instead of five; the rows are built by their
 * own modules. Returns false when the dose id was already taken (a concurrent resend).
 */
export async function insertDoseWithEffects(
  db: Kysely<DB>,
  row: Insertable<DoseTable> & { lot_id: string; facility_id: string },
  audit: Insertable<AuditEventTable>,
): Promise<boolean> {
  const holder = `facility:${row.facility_id}`;
  const result = await sql<{ id: string }>`
    with inserted as (
      insert into dose (id, person_id, vaccine_code, lot_id, lot_number, dose_number, given_at, given_on, facility_id,
        vaccinator, source, override_reason, request_hash, recorded_by)
      values (${row.id}, ${row.person_id}, ${row.vaccine_code}, ${row.lot_id}, ${row.lot_number ?? null}, ${row.dose_number},
        ${row.given_at}, ${row.given_on}, ${row.facility_id}, ${row.vaccinator ?? null}, ${row.source}, ${row.override_reason ?? null},
        ${row.request_hash}, ${row.recorded_by ?? null})
      on conflict (id) do nothing
      returning id
    ), used as (
      insert into stock_movement (lot_id, kind, from_holder, quantity, dose_id)
      select ${row.lot_id}, 'use', ${holder}, 1, id from inserted
    ), level as (
      insert into stock_level (holder, lot_id, quantity) select ${holder}, ${row.lot_id}, -1 from inserted
      on conflict (holder, lot_id) do update set quantity = stock_level.quantity - 1
    ), linked as (
      insert into person_facility (person_id, facility_id, reason) select ${row.person_id}, ${row.facility_id}, 'dose' from inserted
      on conflict (person_id, facility_id) do nothing
    ), audited as (
      insert into audit_event (actor_kind, actor_id, actor_role, actor_label, action, person_id, record_type, record_id, ip, details)
      select ${audit.actor_kind}, ${audit.actor_id ?? null}, ${audit.actor_role ?? null}, ${audit.actor_label ?? null}, ${audit.action},
        ${audit.person_id ?? null}, ${audit.record_type ?? null}, ${audit.record_id ?? null}, ${audit.ip ?? null}, ${audit.details ?? '{}'}::jsonb
      from inserted
    )
    select id from inserted`.execute(db);
  return result.rows.length === 1;
}

/**
 * Everything recording a dose has to check, in one round trip: whether the person is within the
 * scope, the lot, and the person's doses (voided ones too).
 */
export async function loadDoseContext(db: Kysely<DB>, personId: string, lotId: string, scope: Scope) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('person as p')
        .select('p.id')
        .where('p.id', '=', personId)
        .where('p.merged_into', 'is', null)
        .where(personInScope(scope))
        .as('person_id'),
      jsonObjectFrom(
        eb
          .selectFrom('vaccine_lot as l')
          .select(['l.id', 'l.vaccine_code', 'l.lot_number', 'l.expires_on'])
          .where('l.id', '=', lotId),
      ).as('lot'),
      jsonArrayFrom(
        eb
          .selectFrom('dose as d')
          .select([
            'd.id',
            'd.vaccine_code',
            'd.dose_number',
            'd.given_on',
            'd.status',
            'd.country',
            'd.request_hash',
          ])
          .where('d.person_id', '=', personId)
          .orderBy('d.given_on')
          .orderBy('d.recorded_at'),
      ).as('doses'),
    ])
    .executeTakeFirstOrThrow();
  return {
    personVisible: row.person_id !== null,
    lot: row.lot as { id: string; vaccine_code: string; lot_number: string; expires_on: string } | null,
    doses: row.doses as {
      id: string;
      vaccine_code: string;
      dose_number: number;
      given_on: string;
      status: 'recorded' | 'entered_in_error';
      country: string;
      request_hash: string;
    }[],
  };
}
