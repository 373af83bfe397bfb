import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, VaccinationSessionTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { facilityInReach, type Scope } from '../../policy/index.ts';

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

/** Moves a pending registration into a session's slot; false when it was no longer pending. */
export async function assignRegistration(
  db: Kysely<DB>,
  registrationId: string,
  sessionId: string,
  slot: { id: string; label: string | null },
  now: Date,
) {
  const result = await db
    .updateTable('registration')
    .set({ state: 'scheduled', session_id: sessionId, slot_id: slot.id, slot: slot.label, updated_at: now })
    .where('id', '=', registrationId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Moves a scheduled registration from the slot it holds to another (or, with `to` null, back to
 * pending); false when it no longer is scheduled in that slot (moved, cancelled or checked in meanwhile).
 */
export async function reassignRegistration(
  db: Kysely<DB>,
  registrationId: string,
  fromSlotId: string | null,
  to: { sessionId: string; slotId: string; label: string | null } | null,
  now: Date,
) {
  const result = await db
    .updateTable('registration')
    .set(
      to
        ? { session_id: to.sessionId, slot_id: to.slotId, slot: to.label, updated_at: now }
        : { state: 'pending', session_id: null, slot_id: null, slot: null, updated_at: now },
    )
    .where('id', '=', registrationId)
    .where('state', '=', 'scheduled')
    .where('slot_id', fromSlotId === null ? 'is' : '=', fromSlotId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Locks session rows in id order. Every write that claims or frees seats takes its sessions' row locks
 * first (claimSeat takes one), then slots, then the registration: two moves in opposite directions
 * queue instead of deadlocking.
 */
export async function lockSessions(db: Kysely<DB>, ids: string[]) {
  await db
    .selectFrom('vaccination_session')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id')
    .forUpdate()
    .execute();
}

const slotColumns = ['id', 'session_id', 'position', 'starts_at', 'ends_at', 'capacity', 'booked'] as const;

/** Adds a session's slots. */
export async function insertSlots(
  db: Kysely<DB>,
  sessionId: string,
  slots: { start: string | null; end: string | null; capacity: number }[],
) {
  await db
    .insertInto('session_slot')
    .values(
      slots.map((s, position) => ({
        session_id: sessionId,
        position,
        starts_at: s.start,
        ends_at: s.end,
        capacity: s.capacity,
      })),
    )
    .execute();
}

/**
 * Gives slots to sessions that have none (one session, or all when null): their `slots` labels with
 * the capacity shared out evenly, or one whole-session slot; their registrations get the slot of their
 * label and the slots' counts follow. The same as the backfill of migration 0023, for sessions written
 * without slots since (demo data, older code paths). Safe to run twice or at once (on conflict).
 */
export async function ensureSlots(db: Kysely<DB>, sessionId: string | null) {
  if (sessionId) {
    const has = await db
      .selectFrom('session_slot')
      .select('id')
      .where('session_id', '=', sessionId)
      .limit(1)
      .executeTakeFirst();
    if (has) return;
  }
  // Under the session's row lock (as bookings take it first), so no seat is claimed while counting.
  await inTransaction(db, async (trx) => {
    if (sessionId) await lockSessions(trx, [sessionId]);
    await createSlots(trx, sessionId);
  });
}

async function createSlots(db: Kysely<DB>, sessionId: string | null) {
  const only = sessionId ? sql`and s.id = ${sessionId}` : sql``;
  const created = await sql<{ session_id: string }>`
    with made as (
      insert into session_slot (session_id, position, starts_at, ends_at, capacity)
      select s.id, (t.ord - 1)::integer, split_part(t.label, '-', 1), split_part(t.label, '-', 2),
        greatest(1, s.capacity / jsonb_array_length(s.slots)
          + case when t.ord <= s.capacity % jsonb_array_length(s.slots) then 1 else 0 end)
      from vaccination_session s
      cross join lateral jsonb_array_elements_text(s.slots) with ordinality as t(label, ord)
      where jsonb_array_length(s.slots) > 0 ${only}
        and not exists (select 1 from session_slot x where x.session_id = s.id)
      union all
      select s.id, 0, null, null, s.capacity
      from vaccination_session s
      where jsonb_array_length(s.slots) = 0 ${only}
        and not exists (select 1 from session_slot x where x.session_id = s.id)
      on conflict (session_id, position) do nothing
      returning session_id
    )
    select distinct session_id from made`.execute(db);
  const ids = created.rows.map((r) => r.session_id);
  if (!ids.length) return;
  await sql`
    update registration r set slot_id = x.id
    from session_slot x
    where x.session_id = r.session_id and r.slot_id is null and r.session_id in (${sql.join(ids)})
      and (x.starts_at is null or r.slot = x.starts_at || '-' || x.ends_at)`.execute(db);
  await sql`
    update session_slot x set capacity = greatest(x.capacity, c.n), booked = c.n
    from (select slot_id, count(*)::integer as n from registration
          where slot_id is not null and session_id in (${sql.join(ids)}) group by slot_id) c
    where c.slot_id = x.id`.execute(db);
}

/** The slots of a session in order. */
export function listSlots(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_slot')
    .select(slotColumns)
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .execute();
}

/** One slot. */
export function findSlot(db: Kysely<DB>, slotId: string) {
  return db.selectFrom('session_slot').select(slotColumns).where('id', '=', slotId).executeTakeFirst();
}

/** Claims a seat of a slot if any is left (atomic: never over its capacity); the slot, or undefined. */
export async function claimSlot(db: Kysely<DB>, slotId: string) {
  return db
    .updateTable('session_slot')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('id', '=', slotId)
    .where((eb) => eb('booked', '<', eb.ref('capacity')))
    .returning(slotColumns)
    .executeTakeFirst();
}

/**
 * Claims a seat in the least-filled slot of a session (the earlier one on a tie): how scheduling
 * spreads people over the day. Call with the session row locked (after claimSeat).
 */
export async function claimAnySlot(db: Kysely<DB>, sessionId: string) {
  const row = await sql<{ id: string }>`
    select id from session_slot where session_id = ${sessionId} and booked < capacity
    order by booked::float / capacity, position limit 1`.execute(db);
  return row.rows[0] ? claimSlot(db, row.rows[0].id) : undefined;
}

/** Gives a slot's seat back. */
export async function releaseSlot(db: Kysely<DB>, slotId: string) {
  await sql`update session_slot set booked = booked - 1 where id = ${slotId} and booked > 0`.execute(db);
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

/**
 * Sessions of the facilities within a scope between two days, with their facility and commune and
 * two counts: registrations of the session checked in (or already vaccinated), and doses of the
 * session's vaccine recorded at its facility on its date (walk-ins included).
 */
export function sessionsOverview(db: Kysely<DB>, scope: Scope, from: string, to: string, limit: number) {
  return db
    .selectFrom('vaccination_session as s')
    .innerJoin('facility as f', 'f.id', 's.facility_id')
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .select([
      's.id',
      's.facility_id',
      'f.name as facility_name',
      'u.name as unit_name',
      's.session_date',
      's.vaccine_code',
      's.capacity',
      's.booked',
    ])
    .select([
      sql<number>`(select count(*) from registration r
        where r.session_id = s.id and r.state in ('checked_in', 'vaccinated'))`.as('checked_in'),
      sql<number>`(select count(*) from dose d
        where d.facility_id = s.facility_id and d.given_on = s.session_date
          and d.vaccine_code = s.vaccine_code and d.status = 'recorded')`.as('vaccinated'),
    ])
    .where(facilityInReach(scope))
    .where('s.session_date', '>=', from)
    .where('s.session_date', '<=', to)
    .orderBy('s.session_date')
    .orderBy('f.name')
    .orderBy('s.vaccine_code')
    .limit(limit)
    .execute();
}
