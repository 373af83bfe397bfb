import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import type { MessageCode } from '../../../shared/messages.ts';
import { addDays } from '../../../shared/rules/dates.ts';
import { sessionIssue } from '../../../shared/rules/eligibility.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { type CitizenActor, reachesFacility, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as doses from '../doses/doses.service.ts';
import { enqueue } from '../notifications/outbox.service.ts';
import * as registrations from '../registrations/registrations.service.ts';
import * as queries from './sessions.queries.ts';
import * as repo from './sessions.repository.ts';

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;

function toSession(s: SessionRow) {
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
async function requireFacility(db: Kysely<DB>, actor: StaffActor, facilityId: string) {
  if (!(await reachesFacility(db, actor.scope, facilityId))) throw AppError.notFound();
}

/** Creates a session (facility, date, vaccine, capacity, time slots). */
export async function createSession(
  db: Kysely<DB>,
  actor: StaffActor,
  input: {
    facilityId: string;
    campaignId: string;
    date: string;
    vaccineCode: string;
    capacity: number;
    slots: string[];
  },
) {
  await requireFacility(db, actor, input.facilityId);
  const row = await repo.insertSession(db, {
    facility_id: input.facilityId,
    campaign_id: input.campaignId,
    session_date: input.date,
    vaccine_code: input.vaccineCode,
    capacity: input.capacity,
    slots: JSON.stringify(input.slots),
    created_by: actor.staffId,
  });
  await audit.record(db, audit.auditActorOf(actor), 'session.create', {
    recordType: 'vaccination_session',
    recordId: row.id,
  });
  return toSession((await repo.findSession(db, row.id))!);
}

/** Upcoming sessions (from a date): all, or those of the caller's facilities. */
export async function listSessions(db: Kysely<DB>, from: string) {
  return { items: (await repo.listSessions(db, null, from)).map(toSession) };
}

/**
 * Moves one registration into a session if a seat is left: the seat is claimed by a conditional
 * update (never over capacity, however many requests run at once), the registration moves only if it
 * is still pending (else the seat goes back), and the person is told in the app.
 */
async function place(
  db: Kysely<DB>,
  session: SessionRow,
  registration: { id: string; person_id: string; account_id: string | null },
  now: Date,
) {
  return db.transaction().execute(async (trx) => {
    const seat = await repo.claimSeat(trx, session.id);
    if (seat === undefined) return 'full' as const;
    const slots = session.slots;
    const slot = slots.length ? slots[(seat - 1) % slots.length] : null;
    if (!(await repo.assignRegistration(trx, registration.id, session.id, slot, now))) {
      await repo.releaseSeat(trx, session.id);
      return 'taken' as const;
    }
    if (registration.account_id) {
      // In-app at once, SMS and push through the outbox: all only if this transaction commits.
      await enqueue(trx, {
        key: `appointment.scheduled:${registration.id}:${session.id}`,
        accountId: registration.account_id,
        personId: registration.person_id,
        kind: 'appointment.scheduled',
        params: {
          registrationId: registration.id,
          sessionId: session.id,
          facility: session.facility_name,
          date: session.session_date,
          slot,
        },
        now,
      });
    }
    return 'placed' as const;
  });
}

/**
 * Why the person's next dose may not be given at this session (before the earliest day the interval
 * allows, or a vaccine the mixing rules do not allow), or null: the status engine decides, as it does
 * for the sessions offered, at screening and at the dose.
 */
async function doseIssue(db: Kysely<DB>, personId: string, session: SessionRow, now: Date) {
  const { status } = await doses.vaccinationRecord(db, personId, vietnamDate(now));
  return sessionIssue(status, { date: session.session_date, vaccineCode: session.vaccine_code });
}

/**
 * Schedules pending registrations into a session by priority group, then registration time, leaving
 * out those whose next dose is not due by the session's day (they stay pending for a later session).
 */
export async function schedule(db: Kysely<DB>, actor: StaffActor, sessionId: string, now: Date) {
  const session = await repo.findSession(db, sessionId);
  if (!session) throw AppError.notFound();
  await requireFacility(db, actor, session.facility_id);
  let placed = 0;
  let notDue = 0;
  for (let full = false; !full; ) {
    // Placed registrations leave the pending queue; those left out stay in it, so page past them.
    const queue = await repo.queueFor(db, session, session.capacity, notDue);
    if (!queue.length) break;
    for (const registration of queue) {
      if (await doseIssue(db, registration.person_id, session, now)) {
        notDue++;
        continue;
      }
      const outcome = await place(db, session, registration, now);
      if (outcome === 'full') {
        full = true;
        break;
      }
      if (outcome === 'placed') placed++;
    }
  }
  await audit.record(db, audit.auditActorOf(actor), 'session.schedule', {
    recordType: 'vaccination_session',
    recordId: sessionId,
    details: { placed, notDue },
  });
  return { placed, session: toSession((await repo.findSession(db, sessionId))!) };
}

/** A citizen books a pending registration into a session with seats left. */
export async function book(
  db: Kysely<DB>,
  actor: CitizenActor,
  registrationId: string,
  sessionId: string,
  now: Date,
) {
  const registration = await registrations.requireOwnPending(db, actor, registrationId);
  const session = await repo.findSession(db, sessionId);
  if (!session || session.campaign_id !== registration.campaign_id)
    throw AppError.validation([{ field: 'sessionId', in: 'body', code: 'field.invalid_value' }]);
  const issue = await doseIssue(db, registration.person_id, session, now);
  if (issue) {
    const code = issue.code as MessageCode;
    throw new AppError(
      'session_not_suitable',
      409,
      code,
      [{ field: 'sessionId', in: 'body', code, params: issue.params }],
      issue.params,
    );
  }
  const outcome = await place(
    db,
    session,
    { id: registration.id, person_id: registration.person_id, account_id: actor.accountId },
    now,
  );
  if (outcome === 'full') throw new AppError('session_full', 409, 'session.full');
  if (outcome === 'taken') throw new AppError('registration_closed', 409, 'registration.not_open');
  return toSession((await repo.findSession(db, sessionId))!);
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
  const rows = await queries.sessionsOverview(db, actor.scope, from, to, 1000);
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
