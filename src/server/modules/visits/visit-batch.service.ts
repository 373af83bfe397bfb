import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../shared/format.ts';
import type { VisitBatchItem } from '../../../shared/schemas/visits.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { can, type StaffActor } from '../../policy/index.ts';
import * as doses from '../doses/doses.service.ts';
import * as registrations from '../registrations/registrations.service.ts';
import * as repo from './visits.repository.ts';
import { checkIn, facilityFor, screen } from './visits.service.ts';

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
      const registration = await registrations.findForVisit(db, item.registrationId);
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
