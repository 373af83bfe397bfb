import {
  type Expression,
  type ExpressionBuilder,
  expressionBuilder,
  type RawBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Scope } from './principals.ts';

/**
 * The reach conditions: which persons, facilities, units, doses and certificates a staff principal's
 * scope covers. Every repository that reads or writes such records adds one of these, so a record out
 * of reach is simply not found (404, never 403: a 403 would confirm that it exists). These are the only
 * places the unit-subtree and facility-link rules are written (a test greps for copies elsewhere).
 *
 * - national: everything;
 * - unit (a 2025 province or one commune): persons living in the subtree, facilities located in it;
 * - facility: persons living in its commune or with a live link to it (`person_facility`: created,
 *   registered, vaccinated or imported there; a walk-in identification is a link that expires unless a
 *   visit or dose follows), and the facility itself.
 */

type PersonEb = ExpressionBuilder<DB & { p: DB['person'] }, 'p'>;
type FacilityEb = ExpressionBuilder<DB & { f: DB['facility'] }, 'f'>;

/** The units of a subtree: the unit itself and its children (2025 units have two levels). */
function subtree(eb: PersonEb | FacilityEb, unitId: string) {
  return (eb as PersonEb).selectFrom('admin_unit as su').select('su.id').where('su.parent_id', '=', unitId);
}

/** "Person `p` is within reach", for a Kysely query over `person as p`. */
export function personInReach(scope: Scope) {
  return (eb: PersonEb): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'national':
        return sql<SqlBool>`true`;
      case 'unit':
        return eb.or([eb('p.unit_id', '=', scope.unitId), eb('p.unit_id', 'in', subtree(eb, scope.unitId))]);
      case 'facility':
        return eb.or([
          eb('p.unit_id', '=', scope.communeId),
          eb.exists(
            eb
              .selectFrom('person_facility as pf')
              .select('pf.person_id')
              .whereRef('pf.person_id', '=', 'p.id')
              .where('pf.facility_id', '=', scope.facilityId)
              .where((w) =>
                w.or([w('pf.expires_at', 'is', null), w('pf.expires_at', '>', sql<Date>`now()`)]),
              ),
          ),
        ]);
    }
  };
}

/** "Facility `f` is within reach", for a Kysely query over `facility as f`. */
export function facilityInReach(scope: Scope) {
  return (eb: FacilityEb): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'national':
        return sql<SqlBool>`true`;
      case 'unit':
        return eb.or([eb('f.unit_id', '=', scope.unitId), eb('f.unit_id', 'in', subtree(eb, scope.unitId))]);
      case 'facility':
        return eb('f.id', '=', scope.facilityId);
    }
  };
}

/** `personInReach` as SQL for raw statements over `person p`. */
export function personReachSql(scope: Scope): RawBuilder<SqlBool> {
  return sql<SqlBool>`${personInReach(scope)(expressionBuilder<DB & { p: DB['person'] }, 'p'>())}`;
}

/** `facilityInReach` as SQL for raw statements over `facility f`. */
export function facilityReachSql(scope: Scope): RawBuilder<SqlBool> {
  return sql<SqlBool>`${facilityInReach(scope)(expressionBuilder<DB & { f: DB['facility'] }, 'f'>())}`;
}

/**
 * "Dose `d` (with its person `p` and facility `f`, left-joined) is within reach": given at a facility
 * within it; for units and the country also a dose without a facility (abroad, legacy) of a person
 * within it.
 */
export function doseReachSql(scope: Scope): RawBuilder<SqlBool> {
  if (scope.kind === 'facility') return facilityReachSql(scope);
  return sql<SqlBool>`(${facilityReachSql(scope)} or (d.facility_id is null and ${personReachSql(scope)}))`;
}

/**
 * The facility-scope person condition as fixed statement text, for the prepared statements of the hot
 * paths (dose recording): `$person`, `$commune` and `$facility` are the statement's parameter markers.
 * The same rule as `personInReach` for a facility scope.
 */
export function facilityPersonReachText(person: string, commune: string, facility: string): string {
  return `(${person}.unit_id = ${commune} or exists (select 1 from person_facility pf
    where pf.person_id = ${person}.id and pf.facility_id = ${facility}
      and (pf.expires_at is null or pf.expires_at > now())))`;
}

/** The facility a principal is bound to (site and clinic staff, API keys), or null. */
export function ownFacility(scope: Scope): string | null {
  return scope.kind === 'facility' ? scope.facilityId : null;
}

/** True for national reach (administrators). */
export function isNational(scope: Scope): boolean {
  return scope.kind === 'national';
}

/**
 * The unit whose dashboards a principal sees by default: its unit (a province or commune), its
 * facility's commune, or null for the country.
 */
export function homeUnit(scope: Scope): string | null {
  return scope.kind === 'national' ? null : scope.kind === 'unit' ? scope.unitId : scope.communeId;
}

/** The unit subtree a principal manages (managers only), else null. */
export function managedUnit(scope: Scope): string | null {
  return scope.kind === 'unit' ? scope.unitId : null;
}

/** The scope when it is bound to one facility (for the hot paths that need its commune too), else null. */
export function facilityBound(scope: Scope): Extract<Scope, { kind: 'facility' }> | null {
  return scope.kind === 'facility' ? scope : null;
}
