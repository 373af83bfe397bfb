import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import { formatMessage, type MessageCode } from '../../../shared/messages.ts';
import type { RuleIssue } from '../../../shared/rules/result.ts';
import {
  OUTCOME_WEIGHT,
  outcomeAllowsDose,
  type ScreeningChecklist,
  type ScreeningDue,
  suggestScreeningOutcome,
  type VitalSigns,
} from '../../../shared/rules/screening.ts';
import type { DayList, Observation, ScreeningRecord } from '../../../shared/schemas/visits.ts';
import { AppError } from '../../app-error.ts';
import type { DB, RegistrationState } from '../../db/schema.ts';
import { facilityToWorkFor, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as doses from '../doses/doses.service.ts';
import * as people from '../people/people.service.ts';
import * as registrations from '../registrations/registrations.service.ts';
import * as repo from './visits.repository.ts';

/** Minutes a person stays under observation after a dose (Decision 5785). */
export const OBSERVATION_MINUTES = 30;

const localized = (issues: RuleIssue[]) =>
  issues.map((i) => ({
    code: i.code,
    messages: { vi: formatMessage(i.code, 'vi', i.params), en: formatMessage(i.code, 'en', i.params) },
  }));

/**
 * The facility a staff member works the day for: their own when bound to one; otherwise the one asked
 * for, if it lies in their unit (a facility outside is "not found", as for people).
 */
export async function facilityFor(db: Kysely<DB>, actor: StaffActor, facilityId?: string) {
  const id = await facilityToWorkFor(db, actor.scope, facilityId, () =>
    AppError.validation([{ field: 'facilityId', in: 'query', code: 'visit.facility_required' }]),
  );
  const facility = await repo.findFacility(db, id);
  if (!facility) throw AppError.notFound();
  return facility;
}

/** The day list of a facility with counts for the header; the read is audited (it names people). */
export async function dayList(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { facilityId?: string; date?: string },
  now: Date,
): Promise<DayList> {
  const facility = await facilityFor(db, actor, query.facilityId);
  const date = query.date ?? vietnamDate(now);
  const [sessions, rows] = await Promise.all([
    repo.sessionsOn(db, facility.id, date),
    repo.dayList(db, facility.id, date),
  ]);
  await audit.record(db, audit.auditActorOf(actor), 'visit.day_list', {
    recordType: 'facility',
    recordId: facility.id,
    details: { date, count: rows.length },
  });
  const items = rows.map((r) => ({
    registrationId: r.registration_id,
    personId: r.person_id,
    fullName: r.full_name,
    birthDate: r.birth_date,
    sex: r.sex,
    priorityGroup: r.priority_group,
    source: r.source,
    state: r.state,
    sessionId: r.session_id,
    slot: r.slot,
    vaccineCode: r.session_vaccine,
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    screening:
      r.screening_id && r.screening_outcome && r.screening_suggested
        ? { id: r.screening_id, outcome: r.screening_outcome, suggestedOutcome: r.screening_suggested }
        : null,
    dose:
      r.dose_id && r.dose_number !== null && r.dose_vaccine && r.given_at
        ? {
            id: r.dose_id,
            doseNumber: r.dose_number,
            vaccineCode: r.dose_vaccine,
            givenAt: r.given_at.toISOString(),
          }
        : null,
  }));
  const counted = (states: RegistrationState[]) => items.filter((i) => states.includes(i.state)).length;
  return {
    facilityId: facility.id,
    facilityName: facility.name,
    date,
    sessions: sessions.map((s) => ({
      id: s.id,
      vaccineCode: s.vaccine_code,
      capacity: s.capacity,
      booked: s.booked,
      slots: s.slots,
    })),
    counts: {
      expected: items.length,
      checkedIn: counted(['checked_in', 'vaccinated', 'deferred']),
      screened: items.filter((i) => i.screening).length,
      vaccinated: items.filter((i) => i.dose).length,
      deferred: counted(['deferred']),
    },
    items,
  };
}

/** Why a registration cannot be checked in, in words (not its state's code). */
const NOT_OPEN: Partial<Record<RegistrationState, MessageCode>> = {
  checked_in: 'visit.not_open_checked_in',
  vaccinated: 'visit.not_open_vaccinated',
  deferred: 'visit.not_open_deferred',
  cancelled: 'visit.not_open_cancelled',
};

/**
 * Checks a person in for today at the staff member's facility: a registration scheduled there today,
 * or a pending one (a walk-in, or a citizen who came without an appointment). Checking in twice is
 * harmless; an appointment elsewhere or on another day is refused with where and when it is.
 */
export async function checkIn(
  db: Kysely<DB>,
  actor: StaffActor,
  registrationId: string,
  facilityId: string | undefined,
  now: Date,
) {
  const facility = await facilityFor(db, actor, facilityId);
  const today = vietnamDate(now);
  return db.transaction().execute(async (trx) => {
    const registration = await registrations.findForVisit(trx, registrationId);
    if (!registration) throw AppError.notFound();
    const scheduledHere =
      registration.session_facility_id === facility.id && registration.session_date === today;
    if (registration.state === 'checked_in') {
      if (registration.visit_facility_id === facility.id && registration.visit_date === today)
        return { registrationId, state: 'checked_in' as const };
    }
    if (registration.state === 'scheduled' && !scheduledHere) {
      // The date and place of an appointment at another facility are for staff who reach the person.
      if (registration.session_facility_id !== facility.id)
        await people.requireInScope(trx, registration.person_id, actor.scope);
      throw new AppError('wrong_day', 409, 'visit.wrong_day', [], {
        date: registration.session_date ?? '',
        facility: registration.session_facility_name ?? '',
      });
    }
    if (registration.state !== 'scheduled' && registration.state !== 'pending')
      throw new AppError('registration_closed', 409, NOT_OPEN[registration.state] ?? 'visit.not_open');
    // A pending registration is someone the staff found in their own scope (walk-in).
    if (registration.state === 'pending')
      await people.requireInScope(trx, registration.person_id, actor.scope);
    const moved = await registrations.checkIn(trx, registrationId, registration.state, {
      facilityId: facility.id,
      date: today,
      staffId: actor.staffId,
      at: now,
    });
    if (!moved) throw new AppError('registration_changed', 409, 'visit.not_open');
    await people.linkFacility(trx, registration.person_id, facility.id, 'registration');
    await audit.record(trx, audit.auditActorOf(actor), 'registration.check_in', {
      personId: registration.person_id,
      recordType: 'registration',
      recordId: registrationId,
      details: { facilityId: facility.id, walkIn: registration.state === 'pending' },
    });
    return { registrationId, state: 'checked_in' as const };
  });
}

/** A fingerprint of a request with keys sorted at every depth, so a resend is recognised. */
function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

type ScreeningRow = NonNullable<Awaited<ReturnType<typeof repo.findScreening>>>;

function toScreening(row: ScreeningRow, due?: ScreeningDue): ScreeningRecord {
  const suggestion = suggestScreeningOutcome(
    row.answers as ScreeningChecklist,
    row.vitals as unknown as VitalSigns,
    due,
  );
  return {
    id: row.id,
    registrationId: row.registration_id,
    suggestedOutcome: row.suggested_outcome,
    outcome: row.outcome,
    reasons: localized(suggestion.reasons),
    vitals: row.vitals as unknown as VitalSigns,
    overrideReason: row.override_reason,
    note: row.note,
    screenedAt: row.screened_at.toISOString(),
  };
}

export interface ScreeningInput {
  id: string;
  checklist: ScreeningChecklist;
  vitals: VitalSigns;
  outcome: ScreeningRecord['outcome'];
  overrideReason?: string;
  note?: string;
}

/**
 * Records the screening of a checked-in person: the server computes the suggested outcome from the
 * answers and vital signs; the doctor's outcome may be stricter freely, milder only with a reason. An
 * outcome that does not allow a dose today defers the registration. The client's id makes it
 * idempotent.
 */
export async function screen(
  db: Kysely<DB>,
  actor: StaffActor,
  registrationId: string,
  input: ScreeningInput,
  now: Date,
): Promise<ScreeningRecord> {
  const facility = await facilityFor(db, actor);
  const hash = fingerprint({ registrationId, ...input });
  const existing = await repo.findScreening(db, input.id);
  if (existing) {
    if (existing.request_hash !== hash)
      throw new AppError('screening_id_reused', 409, 'screening.id_reused', [
        { field: 'id', in: 'body', code: 'screening.id_reused' },
      ]);
    return toScreening(existing);
  }
  // The interval since the last dose counts too: a dose not due yet suggests deferring.
  const person = await registrations.findForVisit(db, registrationId);
  const today = vietnamDate(now);
  const due: ScreeningDue | undefined = person
    ? { today, nextDose: (await doses.vaccinationRecord(db, person.person_id, today)).status.nextDose }
    : undefined;
  const suggestion = suggestScreeningOutcome(input.checklist, input.vitals, due);
  if (OUTCOME_WEIGHT[input.outcome] < OUTCOME_WEIGHT[suggestion.outcome] && !input.overrideReason)
    throw AppError.validation([
      {
        field: 'overrideReason',
        in: 'body',
        code: 'screening.override_reason_required',
        params: { suggested: suggestion.outcome },
      },
    ]);
  const row = await db.transaction().execute(async (trx) => {
    const registration = await registrations.findForVisit(trx, registrationId);
    if (!registration) throw AppError.notFound();
    if (
      registration.state !== 'checked_in' ||
      registration.visit_facility_id !== facility.id ||
      registration.visit_date !== today
    )
      throw new AppError('not_checked_in', 409, 'visit.not_checked_in');
    const inserted = await repo.insertScreening(trx, {
      id: input.id,
      registration_id: registrationId,
      person_id: registration.person_id,
      facility_id: facility.id,
      answers: JSON.stringify(input.checklist),
      // Every sign stored, unmeasured ones as null.
      vitals: JSON.stringify({ spo2: null, ...input.vitals }),
      suggested_outcome: suggestion.outcome,
      outcome: input.outcome,
      override_reason: input.overrideReason ?? null,
      note: input.note ?? null,
      screened_by: actor.staffId,
      screened_at: now,
      request_hash: hash,
    });
    // Lost a race with a resend of the same id: the first one stands.
    if (!inserted) return null;
    if (!outcomeAllowsDose(input.outcome)) await registrations.defer(trx, registrationId, now);
    await audit.record(trx, audit.auditActorOf(actor), 'registration.screen', {
      personId: registration.person_id,
      recordType: 'screening',
      recordId: input.id,
      details: { outcome: input.outcome, suggested: suggestion.outcome },
    });
    return inserted;
  });
  return row ? toScreening(row, due) : screenReplay(db, input.id, hash);
}

async function screenReplay(db: Kysely<DB>, id: string, hash: string) {
  const row = await repo.findScreening(db, id);
  if (!row || row.request_hash !== hash)
    throw new AppError('screening_id_reused', 409, 'screening.id_reused', [
      { field: 'id', in: 'body', code: 'screening.id_reused' },
    ]);
  return toScreening(row);
}

/** People vaccinated at the facility in the last 30 minutes, with the minutes they still have to wait. */
export async function observation(
  db: Kysely<DB>,
  actor: StaffActor,
  facilityId: string | undefined,
  now: Date,
): Promise<Observation> {
  const facility = await facilityFor(db, actor, facilityId);
  const since = new Date(now.getTime() - OBSERVATION_MINUTES * 60_000);
  const rows = await repo.dosesSince(db, facility.id, since);
  await audit.record(db, audit.auditActorOf(actor), 'visit.observation_list', {
    recordType: 'facility',
    recordId: facility.id,
    details: { count: rows.length },
  });
  return {
    facilityId: facility.id,
    minutes: OBSERVATION_MINUTES,
    items: rows
      .filter((r) => r.given_at <= now)
      .map((r) => {
        const until = new Date(r.given_at.getTime() + OBSERVATION_MINUTES * 60_000);
        return {
          doseId: r.id,
          personId: r.person_id,
          fullName: r.full_name,
          vaccineCode: r.vaccine_code,
          doseNumber: r.dose_number,
          givenAt: r.given_at.toISOString(),
          until: until.toISOString(),
          remainingMinutes: Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 60_000)),
          reactionReported: Boolean(r.reaction_reported),
        };
      }),
  };
}

/**
 * Ends the observation of a person after a dose at the site ("Cho về"): the dose leaves the observation
 * list. Only staff working for the dose's facility may; any other dose is "not found". Idempotent: a
 * second call answers the first discharge time and changes nothing. Audited.
 */
export async function discharge(db: Kysely<DB>, actor: StaffActor, doseId: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const dose = await repo.findDoseForDischarge(trx, doseId);
    if (!dose?.facility_id || dose.status !== 'recorded') throw AppError.notFound();
    const facilityId = await facilityToWorkFor(trx, actor.scope, dose.facility_id, () => AppError.notFound());
    if (facilityId !== dose.facility_id) throw AppError.notFound();
    if (dose.discharged_at) return { doseId, dischargedAt: dose.discharged_at.toISOString() };
    await repo.markDischarged(trx, doseId, now, actor.staffId);
    await audit.record(trx, audit.auditActorOf(actor), 'visit.discharge', {
      personId: dose.person_id,
      recordType: 'dose',
      recordId: doseId,
      details: { facilityId },
    });
    return { doseId, dischargedAt: now.toISOString() };
  });
}
