import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CampaignTable, DB, RegistrationState, RegistrationTable } from '../../db/schema.ts';

/** Adds a campaign. */
export function insertCampaign(db: Kysely<DB>, row: Insertable<CampaignTable>) {
  return db.insertInto('campaign').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Campaigns, newest first. */
export function listCampaigns(db: Kysely<DB>) {
  return db.selectFrom('campaign').selectAll().orderBy('starts_on', 'desc').execute();
}

/** One campaign. */
export function findCampaign(db: Kysely<DB>, id: string) {
  return db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a priority group belongs to a set. */
export async function groupExists(db: Kysely<DB>, setCode: string, group: string) {
  return Boolean(
    await db
      .selectFrom('priority_group')
      .select('code')
      .where('set_code', '=', setCode)
      .where('code', '=', group)
      .executeTakeFirst(),
  );
}

/** Stores a registration; undefined when the person already has an open one for the campaign. */
export function insertRegistration(db: Kysely<DB>, row: Insertable<RegistrationTable>) {
  return db
    .insertInto('registration')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['campaign_id', 'person_id'])
        .where('state', 'in', ['pending', 'scheduled', 'checked_in'])
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
}

function withPerson(db: Kysely<DB>) {
  return db
    .selectFrom('registration as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('vaccination_session as s', 's.id', 'r.session_id')
    .leftJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('r')
    .select([
      'p.full_name as person_name',
      's.session_date',
      's.vaccine_code as session_vaccine',
      'f.name as session_facility',
      'f.address_line as session_address',
    ]);
}

/** One registration. */
export function findRegistration(db: Kysely<DB>, id: string) {
  return withPerson(db).where('r.id', '=', id).executeTakeFirst();
}

/** Registrations of the persons an account manages. */
export function listForAccount(db: Kysely<DB>, accountId: string) {
  return withPerson(db)
    .where('r.person_id', 'in', (eb) =>
      eb.selectFrom('household_member').select('person_id').where('account_id', '=', accountId),
    )
    .orderBy('r.created_at', 'desc')
    .execute();
}

/** Changes a registration. */
export async function updateRegistration(db: Kysely<DB>, id: string, changes: Updateable<RegistrationTable>) {
  await db.updateTable('registration').set(changes).where('id', '=', id).execute();
}

/** A registration's state and session (whether a reminder about it still applies). */
export function stateOf(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('registration')
    .select(['state', 'session_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A registration with what check-in and screening (visits) need to know: its session's facility and day. */
export function findForVisit(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('registration as r')
    .leftJoin('vaccination_session as s', 's.id', 'r.session_id')
    .leftJoin('facility as f', 'f.id', 's.facility_id')
    .select([
      'r.id',
      'r.person_id',
      'r.state',
      'r.visit_facility_id',
      'r.visit_date',
      's.facility_id as session_facility_id',
      's.session_date',
      'f.name as session_facility_name',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** Checks a registration in, only from the state it was read in (a concurrent change wins). */
export async function checkIn(
  db: Kysely<DB>,
  id: string,
  from: RegistrationState,
  visit: { facilityId: string; date: string; staffId: string; at: Date },
) {
  const result = await db
    .updateTable('registration')
    .set({
      state: 'checked_in',
      visit_facility_id: visit.facilityId,
      visit_date: visit.date,
      checked_in_at: visit.at,
      checked_in_by: visit.staffId,
      updated_at: visit.at,
    })
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Defers a checked-in registration (the screening said not today). */
export async function defer(db: Kysely<DB>, id: string, at: Date) {
  await db
    .updateTable('registration')
    .set({ state: 'deferred', updated_at: at })
    .where('id', '=', id)
    .where('state', '=', 'checked_in')
    .execute();
}
