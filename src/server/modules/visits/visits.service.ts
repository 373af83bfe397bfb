import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import { formatMessage } from '../../../shared/messages.ts';
import type { RuleIssue } from '../../../shared/rules/result.ts';
import {
  OUTCOME_WEIGHT,
  outcomeAllowsDose,
  type ScreeningChecklist,
  type ScreeningDue,
  suggestScreeningOutcome,
  type VitalSigns,
} from '../../../shared/rules/screening.ts';
import type {
  DayList,
  Observation,
  ScreeningRecord,
  VisitBatchItem,
} from '../../../shared/schemas/visits.ts';
import { AppError } from '../../app-error.ts';
import type { DB, RegistrationState } from '../../db/schema.ts';
import { can, facilityToWorkFor, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as doses from '../doses/doses.service.ts';
import * as people from '../people/people.service.ts';
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
    const registration = await repo.findRegistration(trx, registrationId);
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
      throw new AppError('registration_closed', 409, 'visit.not_open', [], { state: registration.state });
    // A pending registration is someone the staff found in their own scope (walk-in).
    if (registration.state === 'pending')
      await people.requireInScope(trx, registration.person_id, actor.scope);
    const moved = await repo.checkIn(trx, registrationId, registration.state, {
      facilityId: facility.id,
      date: today,
      staffId: actor.staffId,
      at: now,
    });
    if (!moved) throw new AppError('registration_changed', 409, 'visit.not_open', [], { state: 'changed' });
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
  const person = await repo.findRegistration(db, registrationId);
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
    const registration = await repo.findRegistration(trx, registrationId);
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
    if (!outcomeAllowsDose(input.outcome)) await repo.defer(trx, registrationId, now);
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
        };
      }),
  };
}

export interface VisitBatchOutcome {
  id: string;
  kind: VisitBatchItem['kind'];
  status: 'recorded' | 'already_recorded' | 'conflict' | 'refused';
  doseNumber?: number;
  error?: AppError;
}

/** The moment a step was done on the device: its own time, never in the future (5 minutes of skew). */
function stepTime(at: string | undefined, now: Date, field: string) {
  const time = at ? new Date(at) : now;
  if (time.getTime() > now.getTime() + 5 * 60_000)
    throw AppError.validation([{ field, in: 'body', code: 'date.future' }]);
  return time.getTime() > now.getTime() ? now : time;
}

/**
 * A site's day entered without a network, sent once: check-ins, screenings and doses in the order the
 * device did them. Each step goes through the same code as its own route (same checks, same reach) and
 * is idempotent on its own — a screening and a dose on their client ids, a check-in on registration,
 * facility and day (a registration already checked in there that day, screened or vaccinated since, is
 * `already_recorded`) — so a replayed batch changes nothing. Steps are not applied all-or-nothing: a
 * person's check-in that is refused (the registration was cancelled meanwhile) leaves the steps after
 * it for that person refused too (`visit.blocked`), never recorded without it, while other people's
 * steps go on.
 */
export async function visitBatch(
  db: Kysely<DB>,
  actor: StaffActor,
  items: VisitBatchItem[],
  now: Date,
): Promise<VisitBatchOutcome[]> {
  const blocked = new Set<string>();
  const results: VisitBatchOutcome[] = [];
  for (const item of items) {
    const base = { id: item.id, kind: item.kind };
    if (blocked.has(item.registrationId)) {
      results.push({
        ...base,
        status: 'refused',
        error: new AppError('blocked', 409, 'visit.blocked', [], { step: item.kind }),
      });
      continue;
    }
    try {
      results.push({ ...base, ...(await visitStep(db, actor, item, now)) });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      blocked.add(item.registrationId);
      const conflict = error.code === 'dose_number_taken';
      results.push({
        ...base,
        status: conflict ? 'conflict' : 'refused',
        doseNumber: conflict ? Number(error.params.number) : undefined,
        error,
      });
    }
  }
  return results;
}

async function visitStep(
  db: Kysely<DB>,
  actor: StaffActor,
  item: VisitBatchItem,
  now: Date,
): Promise<Pick<VisitBatchOutcome, 'status' | 'doseNumber'>> {
  switch (item.kind) {
    case 'check_in': {
      const at = stepTime(item.at, now, 'at');
      const facility = await facilityFor(db, actor, item.facilityId);
      const registration = await repo.findRegistration(db, item.registrationId);
      const done =
        registration &&
        ['checked_in', 'vaccinated', 'deferred'].includes(registration.state) &&
        registration.visit_facility_id === facility.id &&
        registration.visit_date === vietnamDate(at);
      if (done) return { status: 'already_recorded' };
      await checkIn(db, actor, item.registrationId, facility.id, at);
      return { status: 'recorded' };
    }
    case 'screening': {
      const at = stepTime(item.at, now, 'at');
      if (item.screening.id !== item.id)
        throw AppError.validation([{ field: 'screening.id', in: 'body', code: 'field.invalid_value' }]);
      const existed = await repo.findScreening(db, item.id);
      const record = await screen(db, actor, item.registrationId, item.screening, at);
      if (record.registrationId !== item.registrationId)
        throw new AppError('screening_id_reused', 409, 'screening.id_reused');
      return { status: existed ? 'already_recorded' : 'recorded' };
    }
    case 'dose': {
      if (!can(actor, 'doses.record')) throw new AppError('forbidden', 403, 'auth.forbidden');
      if (item.dose.id !== item.id)
        throw AppError.validation([{ field: 'dose.id', in: 'body', code: 'field.invalid_value' }]);
      const recorded = await doses.recordDose(db, actor, item.dose, now, 'site');
      return {
        status: recorded.replayed ? 'already_recorded' : 'recorded',
        doseNumber: recorded.dose.doseNumber,
      };
    }
  }
}
