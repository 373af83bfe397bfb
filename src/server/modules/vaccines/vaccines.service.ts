import type { Kysely } from 'kysely';
import type { PriorityGroupSet, VaccineProduct } from '../../../shared/schemas/vaccines.ts';
import { AppError } from '../../app-error.ts';
import type { DB } from '../../db/schema.ts';
import * as repo from './vaccines.repository.ts';

/** The vaccine catalogue with EU DCC codes, series length, intervals and allowed mixes. */
export async function listVaccines(db: Kysely<DB>): Promise<VaccineProduct[]> {
  const rows = await repo.listVaccineProducts(db);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    brand: r.brand,
    manufacturer: r.manufacturer,
    platform: r.platform,
    euDcc: { mp: r.eu_mp, ma: r.eu_ma, vp: r.eu_vp },
    dosesInSeries: r.doses_in_series,
    intervals: r.intervals,
    mixWith: r.mix_with,
    minAge: r.min_age,
    maxAge: r.max_age,
    notes: r.notes,
  }));
}

/** The list of EU DCC value sets loaded. */
export async function listValueSets(db: Kysely<DB>) {
  const rows = await repo.listValueSets(db);
  return rows.map((r) => ({ id: r.id, versionDate: r.version_date, count: Number(r.count) }));
}

/** One EU DCC value set. */
export async function getValueSet(db: Kysely<DB>, id: string) {
  const found = await repo.findValueSet(db, id);
  if (!found) throw AppError.notFound();
  return { id: found.set.id, versionDate: found.set.version_date, values: found.values };
}

/** Priority-group code tables, each a versioned set of groups. */
export async function listPriorityGroupSets(db: Kysely<DB>): Promise<PriorityGroupSet[]> {
  const { sets, groups } = await repo.listPriorityGroupSets(db);
  return sets.map((s) => ({
    code: s.code,
    name: { vi: s.name_vi, en: s.name_en },
    legalBasis: s.legal_basis,
    validFrom: s.valid_from,
    validTo: s.valid_to,
    groups: groups
      .filter((g) => g.set_code === s.code)
      .map((g) => ({
        code: g.code,
        ordinal: g.ordinal,
        name: { vi: g.name_vi, en: g.name_en },
        documents: g.documents_vi && g.documents_en ? { vi: g.documents_vi, en: g.documents_en } : null,
      })),
  }));
}
