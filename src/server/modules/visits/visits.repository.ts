import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, ScreeningTable } from '../../db/schema.ts';

/** A facility's name and commune. */
export function findFacility(db: Kysely<DB>, id: string) {
  return db.selectFrom('facility').select(['id', 'name', 'unit_id']).where('id', '=', id).executeTakeFirst();
}

/** The sessions of a facility on a day. */
export function sessionsOn(db: Kysely<DB>, facilityId: string, date: string) {
  return db
    .selectFrom('vaccination_session')
    .select(['id', 'vaccine_code', 'capacity', 'booked', 'slots'])
    .where('facility_id', '=', facilityId)
    .where('session_date', '=', date)
    .orderBy('created_at')
    .execute();
}

/**
 * The day list of a facility: registrations scheduled into its sessions that day and people checked
 * in there that day (walk-ins), with the newest screening and the dose recorded there that day.
 */
export function dayList(db: Kysely<DB>, facilityId: string, date: string) {
  return db
    .selectFrom('registration as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('vaccination_session as s', 's.id', 'r.session_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('screening as sc')
          .select(['sc.id', 'sc.outcome', 'sc.suggested_outcome'])
          .whereRef('sc.registration_id', '=', 'r.id')
          .orderBy('sc.screened_at', 'desc')
          .limit(1)
          .as('sc'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('dose as d')
          .select(['d.id', 'd.dose_number', 'd.vaccine_code', 'd.given_at'])
          .whereRef('d.person_id', '=', 'r.person_id')
          .where('d.given_on', '=', date)
          .where('d.facility_id', '=', facilityId)
          .where('d.status', '=', 'recorded')
          .orderBy('d.given_at', 'desc')
          .limit(1)
          .as('d'),
      (join) => join.onTrue(),
    )
    .select([
      'r.id as registration_id',
      'r.person_id',
      'r.priority_group',
      'r.source',
      'r.state',
      'r.session_id',
      'r.slot',
      'r.checked_in_at',
      's.vaccine_code as session_vaccine',
      'p.full_name',
      'p.birth_date',
      'p.sex',
      'sc.id as screening_id',
      'sc.outcome as screening_outcome',
      'sc.suggested_outcome as screening_suggested',
      'd.id as dose_id',
      'd.dose_number',
      'd.vaccine_code as dose_vaccine',
      'd.given_at',
    ])
    .where('r.state', '!=', 'cancelled')
    .where((eb) =>
      eb.or([
        eb.and([eb('s.facility_id', '=', facilityId), eb('s.session_date', '=', date)]),
        eb.and([eb('r.visit_facility_id', '=', facilityId), eb('r.visit_date', '=', date)]),
      ]),
    )
    .orderBy(sql`r.slot nulls last`)
    .orderBy('p.name_key')
    .execute();
}

/** Stores a screening; undefined when its id exists already. */
export function insertScreening(db: Kysely<DB>, row: Insertable<ScreeningTable>) {
  return db
    .insertInto('screening')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** One screening. */
export function findScreening(db: Kysely<DB>, id: string) {
  return db.selectFrom('screening').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Doses recorded at a facility since a moment (the observation list). */
export function dosesSince(db: Kysely<DB>, facilityId: string, since: Date) {
  return db
    .selectFrom('dose as d')
    .innerJoin('person as p', 'p.id', 'd.person_id')
    .select(['d.id', 'd.person_id', 'd.vaccine_code', 'd.dose_number', 'd.given_at', 'p.full_name'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('aefi_report as a').select('a.id').whereRef('a.dose_id', '=', 'd.id'))
        .as('reaction_reported'),
    )
    .where('d.facility_id', '=', facilityId)
    .where('d.status', '=', 'recorded')
    .where('d.discharged_at', 'is', null)
    .where('d.given_at', '>=', since)
    .orderBy('d.given_at')
    .execute();
}

/** A site dose's facility and observation state, locked for the discharge. */
export function findDoseForDischarge(db: Kysely<DB>, doseId: string) {
  return db
    .selectFrom('dose')
    .select(['id', 'person_id', 'facility_id', 'status', 'discharged_at'])
    .where('id', '=', doseId)
    .forUpdate()
    .executeTakeFirst();
}

/** Ends the observation after a dose (once: a second call changes nothing). */
export async function markDischarged(db: Kysely<DB>, doseId: string, at: Date, staffId: string) {
  await db
    .updateTable('dose')
    .set({ discharged_at: at, discharged_by: staffId })
    .where('id', '=', doseId)
    .where('discharged_at', 'is', null)
    .execute();
}
