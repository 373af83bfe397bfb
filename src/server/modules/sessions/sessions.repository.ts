import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, VaccinationSessionTable } from '../../db/schema.ts';

/** Adds a session. */
export function insertSession(db: Kysely<DB>, row: Insertable<VaccinationSessionTable>) {
  return db.insertInto('vaccination_session').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One session with its facility. */
export function findSession(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('vaccination_session as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('s')
    .select(['f.name as facility_name', 'f.unit_id as facility_unit_id'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** Sessions of some facilities (all when null) from a date. */
export function listSessions(db: Kysely<DB>, facilityIds: string[] | null, from: string) {
  let query = db
    .selectFrom('vaccination_session as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .selectAll('s')
    .select(['f.name as facility_name', 'f.unit_id as facility_unit_id'])
    .where('s.session_date', '>=', from);
  if (facilityIds)
    query = query.where(
      's.facility_id',
      'in',
      facilityIds.length ? facilityIds : ['00000000-0000-0000-0000-000000000000'],
    );
  return query.orderBy('s.session_date').orderBy('f.name').limit(200).execute();
}

/** Claims one seat if any is left (atomic: never over capacity); returns the seat number or undefined. */
export async function claimSeat(db: Kysely<DB>, sessionId: string): Promise<number | undefined> {
  const row = await sql<{ booked: number }>`
    update vaccination_session set booked = booked + 1 where id = ${sessionId} and booked < capacity returning booked`.execute(
    db,
  );
  return row.rows[0]?.booked;
}

/** Gives a seat back. */
export async function releaseSeat(db: Kysely<DB>, sessionId: string) {
  await sql`update vaccination_session set booked = booked - 1 where id = ${sessionId} and booked > 0`.execute(
    db,
  );
}

/** Moves a pending registration into a session; false when it was no longer pending. */
export async function assignRegistration(
  db: Kysely<DB>,
  registrationId: string,
  sessionId: string,
  slot: string | null,
  now: Date,
) {
  const result = await db
    .updateTable('registration')
    .set({ state: 'scheduled', session_id: sessionId, slot, updated_at: now })
    .where('id', '=', registrationId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Pending registrations a session can take: same campaign, preferring its facility or its commune (or
 * no place), available on the day, highest priority group first, then first come.
 */
export function queueFor(
  db: Kysely<DB>,
  session: { campaign_id: string; facility_id: string; facility_unit_id: string; session_date: string },
  limit: number,
  offset = 0,
) {
  return db
    .selectFrom('registration as r')
    .select(['r.id', 'r.person_id', 'r.account_id'])
    .where('r.campaign_id', '=', session.campaign_id)
    .where('r.state', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb('r.preferred_facility_id', '=', session.facility_id),
        eb.and([
          eb('r.preferred_facility_id', 'is', null),
          eb.or([
            eb('r.preferred_unit_id', '=', session.facility_unit_id),
            eb('r.preferred_unit_id', 'is', null),
          ]),
        ]),
      ]),
    )
    .where((eb) =>
      eb.or([eb('r.preferred_from', 'is', null), eb('r.preferred_from', '<=', session.session_date)]),
    )
    .where((eb) =>
      eb.or([eb('r.preferred_to', 'is', null), eb('r.preferred_to', '>=', session.session_date)]),
    )
    .orderBy(sql`r.priority_group nulls last`)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(limit)
    .offset(offset)
    .execute();
}
