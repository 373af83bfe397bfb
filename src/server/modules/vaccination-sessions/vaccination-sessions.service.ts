import type { Kysely } from 'kysely';
import { addDays } from '../../../shared/rules/dates.ts';
import { minutesOf, slotLabel, slotTimes, splitCapacity } from '../../../shared/rules/slots.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { reachesFacility, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as repo from './vaccination-sessions.repository.ts';

export type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;

export function toSession(s: SessionRow) {
  return {
    id: s.id,
    facilityId: s.facility_id,
    facilityName: s.facility_name,
    campaignId: s.campaign_id,
    date: s.session_date,
    vaccineCode: s.vaccine_code,
    capacity: s.capacity,
    booked: s.booked,
    slots: s.slots,
  };
}

/** The facility a staff member may plan sessions for: their own, or one within reach. */
export async function requireFacility(db: Kysely<DB>, actor: StaffActor, facilityId: string) {
  if (!(await reachesFacility(db, actor.scope, facilityId))) throw AppError.notFound();
}

export interface SessionInput {
  facilityId: string;
  campaignId: string;
  date: string;
  vaccineCode: string;
  capacity?: number;
  slots: string[];
  startTime?: string;
  endTime?: string;
  slotMinutes?: number;
  slotCapacity?: number;
}

/** The slots a new session gets (times and seats) and its capacity; field errors for what does not fit. */
function plannedSlots(input: SessionInput) {
  let times: { start: string | null; end: string | null }[];
  if (input.startTime || input.endTime) {
    if (!input.startTime)
      throw AppError.validation([{ field: 'startTime', in: 'body', code: 'field.required' }]);
    if (!input.endTime) throw AppError.validation([{ field: 'endTime', in: 'body', code: 'field.required' }]);
    times = slotTimes(input.startTime, input.endTime, input.slotMinutes ?? 30);
    if (!times.length)
      throw AppError.validation([{ field: 'endTime', in: 'body', code: 'session.slot_times' }]);
  } else {
    times = input.slots.map((label) => ({ start: label.slice(0, 5), end: label.slice(6) }));
    const wrong = times.findIndex((t) => !(minutesOf(t.start!) < minutesOf(t.end!)));
    if (wrong >= 0)
      throw AppError.validation([{ field: `slots.${wrong}`, in: 'body', code: 'session.slot_times' }]);
    if (!times.length) times = [{ start: null, end: null }];
  }
  if (input.capacity === undefined && input.slotCapacity === undefined)
    throw AppError.validation([{ field: 'capacity', in: 'body', code: 'session.capacity_needed' }]);
  const capacity = input.capacity ?? Math.min(5000, input.slotCapacity! * times.length);
  const seats = input.slotCapacity
    ? times.map(() => input.slotCapacity!)
    : splitCapacity(capacity, times.length);
  return { capacity, slots: times.map((t, i) => ({ ...t, capacity: seats[i] })) };
}

/** Creates a session (facility, date, vaccine) with its time slots and their seats. */
export async function createSession(db: Kysely<DB>, actor: StaffActor, input: SessionInput) {
  await requireFacility(db, actor, input.facilityId);
  const planned = plannedSlots(input);
  const id = await db.transaction().execute(async (trx) => {
    const row = await repo.insertSession(trx, {
      facility_id: input.facilityId,
      campaign_id: input.campaignId,
      session_date: input.date,
      vaccine_code: input.vaccineCode,
      capacity: planned.capacity,
      slots: JSON.stringify(planned.slots.map(slotLabel).filter(Boolean)),
      created_by: actor.staffId,
    });
    await repo.insertSlots(trx, row.id, planned.slots);
    await audit.record(trx, audit.auditActorOf(actor), 'session.create', {
      recordType: 'vaccination_session',
      recordId: row.id,
    });
    return row.id;
  });
  return toSession((await repo.findSession(db, id))!);
}

/** Upcoming sessions (from a date): all, or those of the caller's facilities. */
export async function listSessions(db: Kysely<DB>, from: string) {
  return { items: (await repo.listSessions(db, null, from)).map(toSession) };
}

type SlotRow = NonNullable<Awaited<ReturnType<typeof repo.findSlot>>>;

function toSlot(s: SlotRow) {
  return {
    id: s.id,
    start: s.starts_at,
    end: s.ends_at,
    label: slotLabel({ start: s.starts_at, end: s.ends_at }),
    capacity: s.capacity,
    booked: s.booked,
    free: Math.max(0, s.capacity - s.booked),
  };
}

/** A session's time slots with their free seats (a session written without slots gets them now). */
export async function listSlots(db: Kysely<DB>, sessionId: string) {
  const session = await repo.findSession(db, sessionId);
  if (!session) throw AppError.notFound();
  await repo.ensureSlots(db, sessionId);
  return { session: toSession(session), items: (await repo.listSlots(db, sessionId)).map(toSlot) };
}

/** The longest range the sessions overview answers for (a quarter). */
export const OVERVIEW_MAX_DAYS = 92;

/**
 * The managers' sessions overview: sessions of the facilities in the caller's jurisdiction between
 * two days (default a week either side of today) with capacity, booked, checked-in and vaccinated
 * counts, added up per day and in total.
 */
export async function overview(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { from?: string; to?: string },
  today: string,
) {
  const from = query.from ?? (query.to ? addDays(query.to, -14) : addDays(today, -7));
  const to = query.to ?? addDays(from, 14);
  if (to < from) throw AppError.validation([{ field: 'to', in: 'query', code: 'date.range_order' }]);
  if (addDays(from, OVERVIEW_MAX_DAYS) < to)
    throw AppError.validation([
      { field: 'to', in: 'query', code: 'date.range_too_long', params: { days: OVERVIEW_MAX_DAYS } },
    ]);
  const rows = await repo.sessionsOverview(db, actor.scope, from, to, 1000);
  const items = rows.map((r) => ({
    id: r.id,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    unitName: r.unit_name,
    date: r.session_date,
    vaccineCode: r.vaccine_code,
    capacity: r.capacity,
    booked: r.booked,
    checkedIn: Number(r.checked_in),
    vaccinated: Number(r.vaccinated),
  }));
  const zero = () => ({ sessions: 0, capacity: 0, booked: 0, checkedIn: 0, vaccinated: 0 });
  const totals = zero();
  const days = new Map<string, ReturnType<typeof zero>>();
  for (const item of items) {
    const day = days.get(item.date) ?? zero();
    days.set(item.date, day);
    for (const sum of [day, totals]) {
      sum.sessions++;
      sum.capacity += item.capacity;
      sum.booked += item.booked;
      sum.checkedIn += item.checkedIn;
      sum.vaccinated += item.vaccinated;
    }
  }
  return { from, to, items, days: [...days].map(([date, sums]) => ({ date, ...sums })), totals };
}
