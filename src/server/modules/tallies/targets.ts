import type { Kysely } from 'kysely';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import {
  managedUnit,
  ownFacility,
  reachesFacility,
  reachesUnit,
  type Scope,
  type StaffActor,
} from '../../policy/index.ts';

/** The country as a reporting unit. */
export const COUNTRY_NAME = 'Việt Nam';

/** Where a report looks: the country, a 2025 province or commune, or one facility. */
export type Target =
  | { kind: 'country'; id: null; name: string; parentId: null }
  | { kind: 'province' | 'commune'; id: string; name: string; parentId: string | null }
  | { kind: 'facility'; id: string; name: string; parentId: string; communeName: string };

/** The facilities (and, for person queries, the people) a target covers, as an access scope. */
export function scopeOf(target: Target): Scope {
  switch (target.kind) {
    case 'country':
      return { kind: 'national' };
    case 'province':
    case 'commune':
      return { kind: 'unit', unitId: target.id };
    case 'facility':
      return { kind: 'facility', facilityId: target.id, communeId: target.parentId };
  }
}

function currentUnit(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('admin_unit')
    .select(['id', 'name', 'level', 'parent_id'])
    .where('id', '=', id)
    .where('edition', '=', '2025')
    .where('valid_to', 'is', null)
    .where('level', 'in', ['province', 'commune'])
    .executeTakeFirst();
}

function facilityTarget(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('facility as f')
    .innerJoin('admin_unit as u', 'u.id', 'f.unit_id')
    .select(['f.id', 'f.name', 'f.unit_id', 'u.name as unit_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/**
 * The target a staff member asks for: a unit (`unitId`, a 2025 province or commune) or a facility,
 * within their jurisdiction; by default the jurisdiction itself. Anything outside it is not found.
 */
export async function resolveTarget(
  db: Kysely<DB>,
  actor: StaffActor,
  ask: { unitId?: string; facilityId?: string },
): Promise<Target> {
  const scope = actor.scope;
  if (ask.unitId && ask.facilityId)
    throw AppError.validation([{ field: 'facility', in: 'query', code: 'quality.unit_or_facility' }]);
  const own = ownFacility(scope);
  if (ask.facilityId || (!ask.unitId && own)) {
    const id = ask.facilityId ?? own ?? '';
    const row = await facilityTarget(db, id);
    if (!row || !(await reachesFacility(db, scope, row.id))) throw AppError.notFound();
    return {
      kind: 'facility',
      id: row.id,
      name: row.name,
      parentId: row.unit_id,
      communeName: row.unit_name,
    };
  }
  const unitId = ask.unitId ?? managedUnit(scope);
  if (!unitId) return { kind: 'country', id: null, name: COUNTRY_NAME, parentId: null };
  const unit = await currentUnit(db, unitId);
  if (!unit || !(await reachesUnit(db, scope, unit.id)))
    throw AppError.notFound('unit.not_found', { id: unitId });
  return {
    kind: unit.level === 'province' ? 'province' : 'commune',
    id: unit.id,
    name: unit.name,
    parentId: unit.parent_id,
  };
}
