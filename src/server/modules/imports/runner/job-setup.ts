import type { Kysely } from 'kysely';
import { vietnamDate } from '../../../../shared/format.ts';
import { missingRequiredFields, suggestMapping } from '../../../../shared/legacy/import-columns.ts';
import type { ImportField, ImportMapping } from '../../../../shared/schemas/imports.ts';
import type { DB } from '../../../db/schema.ts';
import type { Scope } from '../../../policy/index.ts';
import type { ColumnSpec, RowContext } from '../rows/row-rules.ts';
import { loadUnitResolver, type UnitResolver } from '../rows/unit-resolver.ts';
import * as repo from './job.repository.ts';

const resolvers = new WeakMap<object, { at: number; resolver: Promise<UnitResolver> }>();
const RESOLVER_TTL_MS = 10 * 60_000;

/** The unit resolver of a database, loaded once and kept ten minutes (units change with reference data only). */
function unitResolver(db: Kysely<DB>): Promise<UnitResolver> {
  const cached = resolvers.get(db);
  if (cached && Date.now() - cached.at < RESOLVER_TTL_MS) return cached.resolver;
  const resolver = loadUnitResolver(db);
  resolvers.set(db, { at: Date.now(), resolver });
  resolver.catch(() => resolvers.delete(db));
  return resolver;
}

/** Facilities within a scope (null: all, the CLI), by upper-case code. */
export async function facilitiesInScope(db: Kysely<DB>, scope: Scope | null) {
  const rows = await repo.facilitiesIn(db, scope);
  return new Map(rows.map((f) => [f.code.toUpperCase(), { id: f.id, code: f.code }]));
}

/**
 * What checking a job's rows needs, loaded once per job: its facility and those in reach, the unit
 * resolver (with a cache of the addresses seen, legacy files repeat them), the vaccine codes and today.
 */
export async function rowContext(
  db: Kysely<DB>,
  job: { facility_id: string; scope: Record<string, string> | null },
  now: Date,
): Promise<RowContext> {
  const scope = job.scope as Scope | null;
  const facilities = await facilitiesInScope(db, scope);
  const own = await repo.facilityById(db, job.facility_id);
  facilities.set(own.code.toUpperCase(), own);
  const resolver = await unitResolver(db);
  const vaccines = await repo.vaccineCodes(db);
  const places = new Map<string, string | null>();
  return {
    facility: own,
    facilities,
    vaccineCodes: new Set(vaccines),
    today: vietnamDate(now),
    todayDate: now,
    resolveUnit(parts) {
      const key = `${parts.province ?? ''}|${parts.district ?? ''}|${parts.commune ?? ''}`;
      let unitId = places.get(key);
      if (unitId === undefined) {
        unitId = resolver.resolve(parts).unitId;
        if (places.size >= 50_000) places.clear();
        places.set(key, unitId);
      }
      return unitId;
    },
  };
}

/** The columns a mapping reads: each field from the first column mapped to it. */
export function compileColumns(headers: string[], mapping: ImportMapping): ColumnSpec[] {
  const taken = new Set<ImportField>();
  const seenHeaders = new Set<string>();
  const columns: ColumnSpec[] = [];
  headers.forEach((header, index) => {
    if (seenHeaders.has(header)) return;
    seenHeaders.add(header);
    const field = mapping[header];
    if (!field || taken.has(field)) return;
    taken.add(field);
    columns.push({ index, header, field });
  });
  return columns;
}

export type MappingChoice =
  | { ok: true; mapping: ImportMapping; mappingName: string | null }
  | { ok: false; suggestion: ImportMapping; missing: ImportField[] }
  | { ok: false; unknownName: string };

/** The column the error report adds after the file's own columns (ignored when the file comes back). */
export const ERROR_COLUMN = 'Lỗi / Error';

const sameHeaders = (mapping: ImportMapping, headers: string[]) => {
  const keys = Object.keys(mapping).filter((k) => k !== ERROR_COLUMN);
  const set = new Set(headers.filter((h) => h !== ERROR_COLUMN));
  return keys.length === set.size && keys.every((k) => set.has(k));
};

/**
 * The mapping a job reads its file with: the one already chosen for it (PUT mapping, or an earlier
 * run), else the saved mapping it names, else a saved mapping of the facility made for exactly these
 * headers, else the suggestion from the headers (template headers and common aliases). Without a column
 * for every required field the job waits for a person to map them.
 */
export async function chooseMapping(
  db: Kysely<DB>,
  job: { facility_id: string; mapping: ImportMapping | null; mapping_name: string | null },
  headers: string[],
): Promise<MappingChoice> {
  if (job.mapping) return settle(job.mapping, job.mapping_name);
  if (job.mapping_name) {
    const saved = await repo.savedMapping(db, job.facility_id, job.mapping_name);
    if (!saved) return { ok: false, unknownName: job.mapping_name };
    return settle(restrict(saved, headers), job.mapping_name);
  }
  const suggestion = suggestMapping(headers) as ImportMapping;
  if (!missingRequiredFields(suggestion).length) return { ok: true, mapping: suggestion, mappingName: null };
  const saved = await repo.savedMappingsLatestFirst(db, job.facility_id);
  const fitting = saved.find((s) => sameHeaders(s.mapping, headers));
  if (fitting) return settle(fitting.mapping, fitting.name);
  return settle(suggestion, null);
}

function restrict(mapping: ImportMapping, headers: string[]): ImportMapping {
  return Object.fromEntries(headers.map((h) => [h, mapping[h] ?? null]));
}

function settle(mapping: ImportMapping, mappingName: string | null): MappingChoice {
  const missing = missingRequiredFields(mapping);
  return missing.length ? { ok: false, suggestion: mapping, missing } : { ok: true, mapping, mappingName };
}
