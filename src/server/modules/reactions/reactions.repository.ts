import type { Insertable, Kysely } from 'kysely';
import type { AefiReportTable, DB } from '../../db/schema.ts';
import { personInReach, type Scope } from '../../policy/index.ts';

/** Stores a report. */
export function insertReport(db: Kysely<DB>, row: Insertable<AefiReportTable>) {
  return db.insertInto('aefi_report').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Reports about persons inside a scope, newest first, with the commune and the dose's vaccine and facility. */
export function listInScope(
  db: Kysely<DB>,
  scope: Scope,
  filter: { seriousOnly: boolean; since?: Date; before?: Date },
  limit: number,
) {
  let query = db
    .selectFrom('aefi_report as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .leftJoin('admin_unit as u', 'u.id', 'p.unit_id')
    .leftJoin('dose as d', 'd.id', 'r.dose_id')
    .leftJoin('facility as f', 'f.id', 'd.facility_id')
    .selectAll('r')
    .select([
      'p.full_name as person_name',
      'u.name as unit_name',
      'd.vaccine_code',
      'f.name as facility_name',
    ])
    .where(personInReach(scope));
  if (filter.seriousOnly) query = query.where('r.serious', '=', true);
  if (filter.since) query = query.where('r.created_at', '>=', filter.since);
  if (filter.before) query = query.where('r.created_at', '<', filter.before);
  return query.orderBy('r.created_at', 'desc').limit(limit).execute();
}

/** Reports about one person. */
export function listForPerson(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('aefi_report as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .selectAll('r')
    .select('p.full_name as person_name')
    .where('r.person_id', '=', personId)
    .orderBy('r.created_at', 'desc')
    .execute();
}

/** The commune of a person and the province above it. */
export function unitsOfPerson(db: Kysely<DB>, personId: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('admin_unit as c', 'c.id', 'p.unit_id')
    .select(['c.id as commune_id', 'c.parent_id as province_id'])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

/** Puts an alert on the dashboards of the given units. */
export async function insertAlerts(
  db: Kysely<DB>,
  unitIds: string[],
  kind: string,
  personId: string,
  aefiId: string,
  createdAt?: Date,
) {
  if (!unitIds.length) return;
  await db
    .insertInto('staff_alert')
    .values(
      unitIds.map((unit_id) => ({
        unit_id,
        kind,
        person_id: personId,
        aefi_id: aefiId,
        ...(createdAt ? { created_at: createdAt } : {}),
      })),
    )
    .execute();
}

/** Alerts for a set of units (all when null), newest first; only open ones, or one, on request. */
export function listAlerts(
  db: Kysely<DB>,
  unitIds: string[] | null,
  filter: { openOnly?: boolean; id?: string },
  limit: number,
) {
  let query = db
    .selectFrom('staff_alert as a')
    .innerJoin('admin_unit as u', 'u.id', 'a.unit_id')
    .leftJoin('person as p', 'p.id', 'a.person_id')
    .leftJoin('staff_user as s', 's.id', 'a.acknowledged_by')
    .select([
      'a.id',
      'a.kind',
      'a.aefi_id',
      'a.created_at',
      'a.acknowledged_at',
      'u.name as unit_name',
      'p.full_name as person_name',
      's.display_name as acknowledged_by_name',
    ]);
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  if (filter.openOnly) query = query.where('a.acknowledged_at', 'is', null);
  if (filter.id) query = query.where('a.id', '=', filter.id);
  return query.orderBy('a.created_at', 'desc').limit(limit).execute();
}

/** One alert with its unit. */
export function findAlert(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('staff_alert')
    .select(['id', 'unit_id', 'person_id', 'aefi_id', 'acknowledged_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks an alert acknowledged unless it already was; true when this call did it. */
export async function acknowledgeAlert(db: Kysely<DB>, id: string, staffId: string, now: Date) {
  const result = await db
    .updateTable('staff_alert')
    .set({ acknowledged_at: now, acknowledged_by: staffId })
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whose dose it is. */
export function doseOwner(db: Kysely<DB>, doseId: string) {
  return db.selectFrom('dose').select('person_id').where('id', '=', doseId).executeTakeFirst();
}
