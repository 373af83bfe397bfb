import type { Kysely } from 'kysely';
import { searchKey } from '../../../shared/rules/vietnamese-text.ts';
import type { AdminUnit, UnitDetail, UnitSearchQuery } from '../../../shared/schemas/places.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import * as repo from './places.repository.ts';

type UnitRow = NonNullable<Awaited<ReturnType<typeof repo.findUnit>>>;

function toUnit(row: UnitRow): AdminUnit {
  return {
    id: row.id,
    edition: row.edition as AdminUnit['edition'],
    code: row.code,
    level: row.level,
    kind: row.kind,
    name: row.name,
    shortName: row.short_name,
    parentId: row.parent_id,
    parentName: row.parent_name,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

/** Searches administrative units by name (diacritics optional) or code, ranked, paginated. */
export async function searchUnits(db: Kysely<DB>, query: UnitSearchQuery) {
  const text = query.q?.trim() ?? '';
  const isCode = /^\d{1,5}$/.test(text);
  const { rows, total } = await repo.searchUnits(
    db,
    {
      key: isCode ? undefined : searchKey(text) || undefined,
      codePrefix: isCode ? text : undefined,
      level: query.level,
      edition: query.edition,
      parentId: query.parent,
      at: query.at,
    },
    query.limit,
    query.offset,
  );
  return { items: rows.map(toUnit), total, limit: query.limit, offset: query.offset };
}

/** One unit with its child count and its old→new mapping in both directions. */
export async function getUnit(db: Kysely<DB>, id: string): Promise<UnitDetail> {
  const row = await repo.findUnit(db, id);
  if (!row) throw AppError.notFound('unit.not_found', { id });
  const [childCount, successors, predecessors] = [
    await repo.countChildren(db, id),
    await repo.findSuccessors(db, id),
    await repo.findPredecessors(db, id),
  ];
  return {
    ...toUnit(row),
    childCount,
    successors: successors.map((s) => ({ unit: toUnit(s), coverage: s.coverage })),
    predecessors: predecessors.map((s) => ({ unit: toUnit(s), coverage: s.coverage })),
  };
}

/** Communes of a current province, for generators and pickers. */
export function communesOfProvince(db: Kysely<DB>, provinceId: string) {
  return repo.listCommunesOfProvince(db, provinceId);
}

/** Adds facilities (skipping existing codes). */
export function insertFacilities(db: Kysely<DB>, rows: Parameters<typeof repo.insertFacilities>[1]) {
  return repo.insertFacilities(db, rows);
}

/** Codes of the old provinces merged into a current one (CCCDs and BHYT cards still carry them). */
export function predecessorProvinces(db: Kysely<DB>, provinceId: string) {
  return repo.findPredecessorProvinces(db, provinceId);
}

/** One unit row by id, or undefined. */
export async function findUnit(db: Kysely<DB>, id: string) {
  const row = await repo.findUnit(db, id);
  return row ? toUnit(row) : undefined;
}

/** A facility when it lies within a unit (404 checks for managers). */
