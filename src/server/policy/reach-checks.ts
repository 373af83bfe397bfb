import type { Kysely } from 'kysely';
import { AppError } from '../app-error.ts';
import type { DB } from '../db/schema.ts';
import type { Scope } from './principals.ts';
import { facilityInReach, personInReach } from './reach.ts';

/** Reach questions answered with a query: is this facility, unit or person within the scope? */

/** True when the facility exists and is within reach. */
export async function reachesFacility(db: Kysely<DB>, scope: Scope, facilityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('facility as f')
    .select('f.id')
    .where('f.id', '=', facilityId)
    .where(facilityInReach(scope))
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * True when a unit (a 2025 province or commune) is within reach: the country reaches all, a manager
 * its unit and the communes under it; facility principals reach no unit as a whole.
 */
export async function reachesUnit(db: Kysely<DB>, scope: Scope, unitId: string): Promise<boolean> {
  if (scope.kind === 'national') return true;
  if (scope.kind !== 'unit') return false;
  if (unitId === scope.unitId) return true;
  const row = await db
    .selectFrom('admin_unit')
    .select('id')
    .where('id', '=', unitId)
    .where('parent_id', '=', scope.unitId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The ids among `ids` of active persons within reach (one query). */
export async function personsInReach(db: Kysely<DB>, scope: Scope, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('person as p')
    .select('p.id')
    .where('p.id', 'in', ids)
    .where(personInReach(scope))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The person, when active and within reach; else 404 (never 403: that would confirm the record). */
export async function requirePersonInReach(db: Kysely<DB>, scope: Scope, personId: string) {
  if (!(await personsInReach(db, scope, [personId])).has(personId))
    throw AppError.notFound('person.not_found');
}

/**
 * The facility a principal works for in a request: its own when bound to one (naming another is 404);
 * otherwise the one asked for, when within reach. `field` names the input when none is given.
 */
export async function facilityToWorkFor(
  db: Kysely<DB>,
  scope: Scope,
  asked: string | undefined,
  missing: () => AppError,
): Promise<string> {
  if (scope.kind === 'facility') {
    if (asked && asked !== scope.facilityId) throw AppError.notFound();
    return scope.facilityId;
  }
  if (!asked) throw missing();
  if (!(await reachesFacility(db, scope, asked))) throw AppError.notFound();
  return asked;
}

/** The ids of the facilities within reach (for unit principals; null for the country: all). */
export async function facilitiesInReach(db: Kysely<DB>, scope: Scope): Promise<string[] | null> {
  if (scope.kind === 'national') return null;
  if (scope.kind === 'facility') return [scope.facilityId];
  const rows = await db.selectFrom('facility as f').select('f.id').where(facilityInReach(scope)).execute();
  return rows.map((r) => r.id);
}
