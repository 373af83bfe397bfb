import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { facilityInReach, isNational, type Scope } from '../../policy/index.ts';

/**
 * Per facility within a scope, over a date range: recorded doses (not voided, by `given_on`), those of
 * them on a day and vaccine without a tally, and the doses reported in tallies; with the facility's
 * commune and province. Two grouped scans (doses by `dose_facility_day`, tallies by `dose_tally_day`)
 * joined to the facilities; facilities with neither are left out unless `everyFacility`.
 */
export function facilityCompleteness(
  db: Kysely<DB>,
  scope: Scope,
  from: string,
  to: string,
  everyFacility: boolean,
) {
  const facilities = db.selectFrom('facility as f').select('f.id').where(facilityInReach(scope));
  const national = isNational(scope);
  return db
    .with('r', (qb) =>
      qb
        .selectFrom('dose as d')
        .leftJoin('dose_tally as t', (join) =>
          join
            .onRef('t.facility_id', '=', 'd.facility_id')
            .onRef('t.day', '=', 'd.given_on')
            .onRef('t.vaccine_code', '=', 'd.vaccine_code'),
        )
        .select([
          'd.facility_id',
          sql<number>`count(*)`.as('recorded'),
          sql<number>`count(*) filter (where t.id is null)`.as('untallied'),
        ])
        .where('d.status', '=', 'recorded')
        .where('d.given_on', '>=', from)
        .where('d.given_on', '<=', to)
        .where('d.facility_id', 'is not', null)
        .$if(!national, (q) => q.where('d.facility_id', 'in', facilities))
        .groupBy('d.facility_id'),
    )
    .with('t', (qb) =>
      qb
        .selectFrom('dose_tally as t')
        .select(['t.facility_id', sql<number>`sum(t.doses)`.as('reported')])
        .where('t.day', '>=', from)
        .where('t.day', '<=', to)
        .$if(!national, (q) => q.where('t.facility_id', 'in', facilities))
        .groupBy('t.facility_id'),
    )
    .selectFrom('facility as f')
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .leftJoin('admin_unit as p', 'p.id', 'u.parent_id')
    .leftJoin('r', 'r.facility_id', 'f.id')
    .leftJoin('t', 't.facility_id', 'f.id')
    .select([
      'f.id',
      'f.name',
      'f.unit_id as commune_id',
      'u.name as commune_name',
      'u.parent_id as province_id',
      'p.name as province_name',
      sql<number>`coalesce(r.recorded, 0)`.as('recorded'),
      sql<number>`coalesce(r.untallied, 0)`.as('untallied'),
      sql<number>`coalesce(t.reported, 0)`.as('reported'),
    ])
    .where(facilityInReach(scope))
    .$if(!everyFacility, (q) =>
      q.where((eb) => eb.or([eb('r.facility_id', 'is not', null), eb('t.facility_id', 'is not', null)])),
    )
    .orderBy('f.name')
    .execute();
}
