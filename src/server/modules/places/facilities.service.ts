import type { Kysely } from 'kysely';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';
import type { Facility, FacilitySearchQuery } from '../../../shared/schemas/places.ts';
import type { DB } from '../../db/schema.ts';
import type { StaffActor } from '../../policy/index.ts';
import * as repo from './facilities.repository.ts';

/**
 * The facilities a staff member can act for, found by name or code (accents and case optional): all
 * for national staff, those of the province or commune of a manager, a site's own.
 */
export async function searchFacilities(db: Kysely<DB>, actor: StaffActor, query: FacilitySearchQuery) {
  const { rows, total } = await repo.searchFacilities(
    db,
    actor.scope,
    searchKey(query.q ?? ''),
    query.limit,
    query.offset,
  );
  const items: Facility[] = rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    unitId: row.unit_id,
    unitName: row.unit_name,
    active: row.active,
  }));
  return { items, total, limit: query.limit, offset: query.offset };
}
