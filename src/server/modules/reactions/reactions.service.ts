import type { Kysely } from 'kysely';
import { addDays } from '../../../shared/rules/dates.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import { type CitizenActor, homeUnit, type StaffActor } from '../../policy/index.ts';
import * as audit from '../audit/audit.service.ts';
import * as households from '../households/households.service.ts';
import { scheduleReactionFollowup } from '../notifications/outbox.service.ts';
import * as people from '../people/people.service.ts';
import * as repo from './reactions.repository.ts';

type Row = Awaited<ReturnType<typeof repo.listForPerson>>[number];

function toAefi(r: Row) {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    doseId: r.dose_id,
    reporterKind: r.reporter_kind,
    onsetAt: r.onset_at.toISOString(),
    symptoms: r.symptoms,
    severity: r.severity,
    description: r.description,
    serious: r.serious,
    seriousCriteria: r.serious_criteria,
    outcome: r.outcome,
    createdAt: r.created_at.toISOString(),
  };
}

interface ReportInput {
  doseId?: string;
  onsetAt: string;
  symptoms: string[];
  severity: 'mild' | 'moderate' | 'severe';
  description?: string;
}

async function checkDose(
  db: Kysely<DB>,
  personId: string,
  doseId: string | undefined,
  onsetAt: string,
  now: Date,
) {
  if (new Date(onsetAt).getTime() > now.getTime() + 5 * 60_000) {
    throw AppError.validation([{ field: 'onsetAt', in: 'body', code: 'date.future' }]);
  }
  if (!doseId) return;
  const dose = await repo.doseOwner(db, doseId);
  if (dose?.person_id !== personId)
    throw AppError.validation([{ field: 'doseId', in: 'body', code: 'field.invalid_value' }]);
}

/** A citizen reports a reaction of a household member after a dose (checklist, onset, severity, text). */
export async function reportReaction(
  db: Kysely<DB>,
  actor: CitizenActor,
  personId: string,
  input: ReportInput,
  now: Date,
) {
  await households.requireMember(db, actor, personId);
  await checkDose(db, personId, input.doseId, input.onsetAt, now);
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertReport(trx, {
      person_id: personId,
      dose_id: input.doseId ?? null,
      reporter_kind: 'citizen',
      account_id: actor.accountId,
      onset_at: new Date(input.onsetAt),
      symptoms: JSON.stringify(input.symptoms),
      severity: input.severity,
      description: input.description ?? null,
      created_at: now,
    });
    await audit.record(trx, audit.auditActorOf(actor), 'aefi.report', {
      personId,
      recordType: 'aefi_report',
      recordId: id,
    });
    await scheduleReactionFollowup(trx, { accountId: actor.accountId, personId, reportId: id, now });
    return toAefi((await repo.listForPerson(trx, personId)).find((r) => r.id === id)!);
  });
}

/**
 * Staff record an AEFI on the WHO core fields and classify it. A serious one puts an alert on the
 * dashboards of the person's commune and province at once, in the same transaction.
 */
export async function recordAefi(
  db: Kysely<DB>,
  actor: StaffActor,
  input: ReportInput & {
    personId: string;
    serious: boolean;
    seriousCriteria: string[];
    outcome: NonNullable<Row['outcome']>;
  },
  now: Date,
) {
  await people.requireInScope(db, input.personId, actor.scope);
  await checkDose(db, input.personId, input.doseId, input.onsetAt, now);
  if (input.serious && input.seriousCriteria.length === 0) {
    throw AppError.validation([{ field: 'seriousCriteria', in: 'body', code: 'field.required' }]);
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await repo.insertReport(trx, {
      person_id: input.personId,
      dose_id: input.doseId ?? null,
      reporter_kind: 'staff',
      staff_id: actor.staffId,
      onset_at: new Date(input.onsetAt),
      symptoms: JSON.stringify(input.symptoms),
      severity: input.severity,
      description: input.description ?? null,
      serious: input.serious,
      serious_criteria: JSON.stringify(input.seriousCriteria),
      outcome: input.outcome,
      created_at: now,
    });
    if (input.serious) {
      const units = await repo.unitsOfPerson(trx, input.personId);
      await repo.insertAlerts(
        trx,
        [units?.commune_id, units?.province_id].filter((u): u is string => Boolean(u)),
        'aefi.serious',
        input.personId,
        id,
        now,
      );
    }
    await audit.record(trx, audit.auditActorOf(actor), 'aefi.record', {
      personId: input.personId,
      recordType: 'aefi_report',
      recordId: id,
      details: { serious: input.serious },
    });
    return toAefi((await repo.listForPerson(trx, input.personId)).find((r) => r.id === id)!);
  });
}

/** Midnight in Vietnam (UTC+7, no daylight saving) at the start of a day. */
const vietnamMidnight = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * AEFI reports in the jurisdiction (the dashboard list), serious ones only on request, reported
 * between two days (Vietnam time). The read of names and health data is audited.
 */
export async function listAefi(
  db: Kysely<DB>,
  actor: StaffActor,
  query: { seriousOnly: boolean; from?: string; to?: string },
) {
  if (query.from && query.to && query.to < query.from)
    throw AppError.validation([{ field: 'to', in: 'query', code: 'date.range_order' }]);
  const rows = await repo.listInScope(
    db,
    actor.scope,
    {
      seriousOnly: query.seriousOnly,
      since: query.from ? vietnamMidnight(query.from) : undefined,
      before: query.to ? vietnamMidnight(addDays(query.to, 1)) : undefined,
    },
    200,
  );
  await audit.record(db, audit.auditActorOf(actor), 'aefi.list', {
    details: { serious: query.seriousOnly, from: query.from, to: query.to, results: rows.length },
  });
  return {
    items: rows.map((r) => ({
      ...toAefi(r),
      unitName: r.unit_name,
      vaccineCode: r.vaccine_code,
      facilityName: r.facility_name,
    })),
  };
}

/** A household member's reports. */
export async function memberReactions(db: Kysely<DB>, actor: CitizenActor, personId: string) {
  await households.requireMember(db, actor, personId);
  return { items: (await repo.listForPerson(db, personId)).map(toAefi) };
}

/** The units whose dashboards a staff member sees: their unit (a commune or a province); all for admins. */
function alertUnitsOf(actor: StaffActor): string[] | null {
  const unit = homeUnit(actor.scope);
  return unit ? [unit] : null;
}

/** Alerts for a manager's dashboard, newest first; only those not acknowledged yet on request. */
export async function alertsFor(
  db: Kysely<DB>,
  actor: StaffActor,
  filter: { openOnly?: boolean; id?: string } = {},
) {
  const rows = await repo.listAlerts(db, alertUnitsOf(actor), filter, 100);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      unitName: r.unit_name,
      personName: r.person_name,
      aefiId: r.aefi_id,
      createdAt: r.created_at.toISOString(),
      acknowledged: r.acknowledged_at !== null,
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
      acknowledgedBy: r.acknowledged_by_name ?? null,
    })),
  };
}

/**
 * A manager acknowledges an alert on their unit's dashboard (idempotent: a second acknowledgement
 * keeps the first one's time and person). Alerts of other units are not found.
 */
export async function acknowledgeAlert(db: Kysely<DB>, actor: StaffActor, alertId: string, now: Date) {
  const alert = await repo.findAlert(db, alertId);
  const units = alertUnitsOf(actor);
  if (!alert || (units && !units.includes(alert.unit_id))) throw AppError.notFound();
  await db.transaction().execute(async (trx) => {
    if (await repo.acknowledgeAlert(trx, alertId, actor.staffId, now))
      await audit.record(trx, audit.auditActorOf(actor), 'alert.acknowledge', {
        personId: alert.person_id,
        recordType: 'staff_alert',
        recordId: alertId,
      });
  });
  return (await alertsFor(db, actor, { id: alertId })).items[0]!;
}
