import type { Insertable, Kysely } from 'kysely';
import type { AefiReportTable, DB } from '../../db/schema.ts';
import { personInScope, type Scope } from '../accounts/actor.ts';

/** Stores a report. */
export function insertReport(db: Kysely<DB>, row: Insertable<AefiReportTable>) {
  return db.insertInto('aefi_report').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Reports about persons inside a scope, newest first. */
export function listInScope(db: Kysely<DB>, scope: Scope, seriousOnly: boolean, limit: number) {
  let query = db
    .selectFrom('aefi_report as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .selectAll('r')
    .select('p.full_name as person_name')
    .where(personInScope(scope));
  if (seriousOnly) query = query.where('r.serious', '=', true);
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
) {
  if (!unitIds.length) return;
  await db
    .insertInto('staff_alert')
    .values(unitIds.map((unit_id) => ({ unit_id, kind, person_id: personId, aefi_id: aefiId })))
    .execute();
}

/** Alerts for a set of units (all when null), newest first. */
export function listAlerts(db: Kysely<DB>, unitIds: string[] | null, limit: number) {
  let query = db
    .selectFrom('staff_alert as a')
    .innerJoin('admin_unit as u', 'u.id', 'a.unit_id')
    .leftJoin('person as p', 'p.id', 'a.person_id')
    .select([
      'a.id',
      'a.kind',
      'a.aefi_id',
      'a.created_at',
      'a.acknowledged_at',
      'u.name as unit_name',
      'p.full_name as person_name',
    ]);
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  return query.orderBy('a.created_at', 'desc').limit(limit).execute();
}

/** Whose dose it is. */
export function doseOwner(db: Kysely<DB>, doseId: string) {
  return db.selectFrom('dose').select('person_id').where('id', '=', doseId).executeTakeFirst();
}
