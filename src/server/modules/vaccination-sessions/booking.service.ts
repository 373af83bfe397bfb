import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import type { MessageCode } from '../../../shared/messages.ts';
import { sessionIssue } from '../../../shared/rules/eligibility.ts';
import { slotLabel } from '../../../shared/rules/slots.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import type { CitizenActor, StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as doses from '../doses/doses.service.ts';
import { enqueue } from '../notifications/outbox.service.ts';
import * as registrations from '../registrations/registrations.service.ts';
import * as repo from './vaccination-sessions.repository.ts';
import { requireFacility, type SessionRow, toSession } from './vaccination-sessions.service.ts';

/**
 * Booking: placing registrations into a session's slots (the site's scheduling and the citizen's own
 * booking), moving and cancelling appointments, each never over a session's or a slot's capacity and
 * never before the person's next dose is due.
 */

const slotFull = () => new AppError('slot_full', 409, 'slot.full');
const sessionFull = () => new AppError('session_full', 409, 'session.full');
const closed = () => new AppError('registration_closed', 409, 'registration.not_open');

/**
 * Moves one registration into a session if a seat is left, in the chosen slot or the least-filled one:
 * the session's seat and then the slot's are claimed by conditional updates (never over capacity,
 * however many requests run at once; the session row stays locked until commit), the registration
 * moves only if it is still pending (else both seats go back), and the person is told in the app.
 */
async function place(
  db: Kysely<DB>,
  session: SessionRow,
  registration: { id: string; person_id: string; account_id: string | null },
  now: Date,
  slotId?: string,
) {
  return db.transaction().execute(async (trx) => {
    const seat = await repo.claimSeat(trx, session.id);
    if (seat === undefined) return 'full' as const;
    const claimed = slotId ? await repo.claimSlot(trx, slotId) : await repo.claimAnySlot(trx, session.id);
    if (!claimed) {
      await repo.releaseSeat(trx, session.id);
      return slotId ? ('slot_full' as const) : ('full' as const);
    }
    const slot = slotLabel({ start: claimed.starts_at, end: claimed.ends_at });
    if (
      !(await repo.assignRegistration(trx, registration.id, session.id, { id: claimed.id, label: slot }, now))
    ) {
      await repo.releaseSlot(trx, claimed.id);
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

/** 409 with the date and the rule when the person's next dose may not be given at the session. */
async function refuseIfNotDue(db: Kysely<DB>, personId: string, session: SessionRow, now: Date) {
  const issue = await doseIssue(db, personId, session, now);
  if (!issue) return;
  const code = issue.code as MessageCode;
  throw new AppError(
    'session_not_suitable',
    409,
    code,
    [{ field: 'sessionId', in: 'body', code, params: issue.params }],
    issue.params,
  );
}

/**
 * Schedules pending registrations into a session by priority group, then registration time, leaving
 * out those whose next dose is not due by the session's day (they stay pending for a later session).
 */
export async function schedule(db: Kysely<DB>, actor: StaffActor, sessionId: string, now: Date) {
  const session = await repo.findSession(db, sessionId);
  if (!session) throw AppError.notFound();
  await requireFacility(db, actor, session.facility_id);
  await repo.ensureSlots(db, sessionId);
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

/**
 * The session (and slot) a citizen books or moves to: of the registration's campaign, not over, the
 * slot one of the session's; field errors otherwise.
 */
async function bookable(
  db: Kysely<DB>,
  campaignId: string,
  target: { sessionId: string; slotId?: string },
  now: Date,
) {
  const session = await repo.findSession(db, target.sessionId);
  if (!session || session.campaign_id !== campaignId)
    throw AppError.validation([{ field: 'sessionId', in: 'body', code: 'field.invalid_value' }]);
  if (session.session_date < vietnamDate(now))
    throw AppError.validation([{ field: 'sessionId', in: 'body', code: 'session.past' }]);
  await repo.ensureSlots(db, session.id);
  if (target.slotId) {
    const slot = await repo.findSlot(db, target.slotId);
    if (!slot || slot.session_id !== session.id)
      throw AppError.validation([{ field: 'slotId', in: 'body', code: 'slot.not_in_session' }]);
  }
  return session;
}

/** Whether a registration already is where a booking or move asked it to be (a retry: answer the same). */
const alreadyAt = (
  r: { state: string; session_id: string | null; slot_id: string | null },
  target: { sessionId: string; slotId?: string },
) =>
  r.state === 'scheduled' &&
  r.session_id === target.sessionId &&
  (!target.slotId || r.slot_id === target.slotId);

/**
 * Runs a booking, move or cancellation; when it fails, a retry of the same request that already went
 * through (another request got there first) answers as if it had done the work: idempotent.
 */
async function orReplay<T>(
  db: Kysely<DB>,
  registrationId: string,
  done: (r: RegistrationRow) => boolean,
  work: () => Promise<T>,
  replay: () => Promise<T>,
) {
  try {
    return await work();
  } catch (error) {
    const now = await registrations.findRow(db, registrationId);
    if (error instanceof AppError && now && done(now)) return replay();
    throw error;
  }
}
type RegistrationRow = NonNullable<Awaited<ReturnType<typeof registrations.findRow>>>;

/**
 * A citizen books a pending registration into a session's slot (or, without a slot, its least-filled
 * one). Idempotent: the same booking again answers the same without claiming another seat.
 */
export async function book(
  db: Kysely<DB>,
  actor: CitizenActor,
  registrationId: string,
  target: { sessionId: string; slotId?: string },
  now: Date,
) {
  const registration = await registrations.requireOwn(db, actor, registrationId);
  const answer = async () => toSession((await repo.findSession(db, target.sessionId))!);
  if (alreadyAt(registration, target)) return answer();
  if (registration.state !== 'pending') throw closed();
  const session = await bookable(db, registration.campaign_id, target, now);
  await refuseIfNotDue(db, registration.person_id, session, now);
  return orReplay(
    db,
    registrationId,
    (r) => alreadyAt(r, target),
    async () => {
      const outcome = await place(
        db,
        session,
        { id: registration.id, person_id: registration.person_id, account_id: actor.accountId },
        now,
        target.slotId,
      );
      if (outcome === 'full') throw sessionFull();
      if (outcome === 'slot_full') throw slotFull();
      if (outcome === 'taken') throw closed();
      return answer();
    },
    answer,
  );
}

/**
 * A citizen moves an appointment to a slot of the same or another session of the campaign. Atomic:
 * the new seat is claimed first (session rows locked in id order, then the slot), the registration
 * moves only if it still holds its old slot, and only then are the old seats given back; when the new
 * slot is full nothing changes. Idempotent: moving to the slot already held changes nothing.
 */
export async function move(
  db: Kysely<DB>,
  actor: CitizenActor,
  registrationId: string,
  target: { sessionId: string; slotId: string },
  now: Date,
) {
  const registration = await registrations.requireOwn(db, actor, registrationId);
  const answer = () => registrations.registrationById(db, registrationId);
  if (alreadyAt(registration, target)) return answer();
  if (registration.state === 'pending')
    throw new AppError('registration_not_scheduled', 409, 'registration.not_scheduled');
  if (registration.state !== 'scheduled' || !registration.session_id) throw closed();
  const from = { sessionId: registration.session_id, slotId: registration.slot_id };
  const session = await bookable(db, registration.campaign_id, target, now);
  await refuseIfNotDue(db, registration.person_id, session, now);
  return orReplay(
    db,
    registrationId,
    (r) => alreadyAt(r, target),
    async () => {
      await db.transaction().execute(async (trx) => {
        await repo.lockSessions(trx, [from.sessionId, session.id]);
        const sameSession = from.sessionId === session.id;
        if (!sameSession && (await repo.claimSeat(trx, session.id)) === undefined) throw sessionFull();
        const claimed = await repo.claimSlot(trx, target.slotId);
        if (!claimed) throw slotFull();
        const slot = slotLabel({ start: claimed.starts_at, end: claimed.ends_at });
        const moved = await repo.reassignRegistration(
          trx,
          registrationId,
          from.slotId,
          { sessionId: session.id, slotId: claimed.id, label: slot },
          now,
        );
        if (!moved) throw closed();
        if (from.slotId) await repo.releaseSlot(trx, from.slotId);
        if (!sameSession) await repo.releaseSeat(trx, from.sessionId);
        await enqueue(trx, {
          key: `appointment.moved:${registrationId}:${claimed.id}:${now.toISOString()}`,
          accountId: actor.accountId,
          personId: registration.person_id,
          kind: 'appointment.scheduled',
          params: {
            registrationId,
            sessionId: session.id,
            facility: session.facility_name,
            date: session.session_date,
            slot,
          },
          now,
        });
        await audit.record(trx, audit.auditActorOf(actor), 'registration.move', {
          personId: registration.person_id,
          recordType: 'registration',
          recordId: registrationId,
        });
      });
      return answer();
    },
    answer,
  );
}

/**
 * A citizen cancels an appointment: its seats are given back and the registration waits again
 * (pending) for another slot. Idempotent: a registration already waiting is answered as it is.
 */
export async function cancelAppointment(
  db: Kysely<DB>,
  actor: CitizenActor,
  registrationId: string,
  now: Date,
) {
  const registration = await registrations.requireOwn(db, actor, registrationId);
  const answer = () => registrations.registrationById(db, registrationId);
  if (registration.state === 'pending') return answer();
  if (registration.state !== 'scheduled' || !registration.session_id) throw closed();
  const from = { sessionId: registration.session_id, slotId: registration.slot_id };
  return orReplay(
    db,
    registrationId,
    (r) => r.state === 'pending',
    async () => {
      await db.transaction().execute(async (trx) => {
        await repo.lockSessions(trx, [from.sessionId]);
        if (!(await repo.reassignRegistration(trx, registrationId, from.slotId, null, now))) throw closed();
        if (from.slotId) await repo.releaseSlot(trx, from.slotId);
        await repo.releaseSeat(trx, from.sessionId);
        await audit.record(trx, audit.auditActorOf(actor), 'registration.unbook', {
          personId: registration.person_id,
          recordType: 'registration',
          recordId: registrationId,
        });
      });
      return answer();
    },
    answer,
  );
}
