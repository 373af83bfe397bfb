import { sql } from 'kysely';
import { normalizeText, searchKey } from '../../../shared/rules/vietnamese-text.ts';
import { insertInBatches, type ReferenceDataset } from '../../db/reference-loader.ts';
import type { AdminUnitSuccessorTable, AdminUnitTable } from '../../db/schema.ts';

/** The structure in force from 1 July 2025: 34 provinces, communes directly under them. */
export const CURRENT_EDITION = '2025';
/** The structure of 2008–2025: 63 provinces, districts, ~10,000 communes. */
export const LEGACY_EDITION = '2008';

const KINDS = ['Thành phố', 'Tỉnh', 'Huyện', 'Phường', 'Xã', 'Đặc khu', 'Thị trấn'];

interface MergesFile {
  data: {
    level1_id: string;
    name: string;
    merges: { old_id: string; type: 'full' | 'partial' }[];
    level2s: { level2_id: string; name: string; merges: { old_id: string; type: 'full' | 'partial' }[] }[];
  }[];
}

interface SplitsFile {
  data: {
    level1_id: string;
    name: string;
    level3s: { level3_id: string; name: string }[];
    /** Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). */
    level2s?: { level2_id: string; name: string }[];
  }[];
}

/** Builds an admin_unit row; the kind ("Tỉnh", "Phường", …) is split off the official name. */
export function unitRow(
  edition: string,
  code: string,
  level: AdminUnitTable['level'],
  rawName: string,
  parentId: string | null,
): AdminUnitTable {
  const name = normalizeText(rawName);
  const kind = KINDS.find((k) => name.startsWith(`${k} `)) ?? '';
  const shortName = kind ? name.slice(kind.length + 1) : name;
  return {
    id: unitId(edition, code),
    edition,
    code,
    level,
    kind,
    name,
    short_name: shortName,
    search_key: searchKey(name),
    short_key: searchKey(shortName),
    parent_id: parentId,
    valid_from: edition === CURRENT_EDITION ? '2025-07-01' : null,
    valid_to: edition === CURRENT_EDITION ? null : '2025-06-30',
  };
}

/** The id of a unit: edition and code, e.g. `2025-01`. */
export function unitId(edition: string, code: string): string {
  return `${edition}-${code}`;
}

/**
 * Administrative units of both editions and the old→new mapping (dvhcvn 20250701, MIT). Province
 * rows are named from merges.json ("Tỉnh Cao Bằng"), which spells the kind out, unlike the CSV.
 */
export const adminUnitsDataset: ReferenceDataset = {
  name: 'admin-units',
  files: ['admin-units/merges.json', 'admin-units/splits.json', 'admin-units/provinces-2025.csv'],
  loaderVersion: 1,
  async load(trx, read) {
    const merges = JSON.parse(read('admin-units/merges.json')) as MergesFile;
    const splits = JSON.parse(read('admin-units/splits.json')) as SplitsFile;
    const csvCodes = read('admin-units/provinces-2025.csv')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    const provinces = merges.data.map((p) => p.level1_id);
    if (csvCodes.length !== 34 || csvCodes.some((c) => !provinces.includes(c))) {
      throw new Error('admin-units: provinces-2025.csv and merges.json disagree on the 34 province codes');
    }

    const units: AdminUnitTable[] = [];
    for (const p of splits.data) {
      units.push(unitRow(LEGACY_EDITION, p.level1_id, 'province', p.name, null));
    }
    for (const p of splits.data) {
      const parent = unitId(LEGACY_EDITION, p.level1_id);
      for (const c of p.level3s) units.push(unitRow(LEGACY_EDITION, c.level3_id, 'commune', c.name, parent));
      for (const d of p.level2s ?? [])
        units.push(unitRow(LEGACY_EDITION, d.level2_id, 'district', d.name, parent));
    }
    for (const p of merges.data) units.push(unitRow(CURRENT_EDITION, p.level1_id, 'province', p.name, null));
    for (const p of merges.data) {
      const parent = unitId(CURRENT_EDITION, p.level1_id);
      for (const c of p.level2s) units.push(unitRow(CURRENT_EDITION, c.level2_id, 'commune', c.name, parent));
    }

    const known = new Set(units.map((u) => u.id));
    const successors = new Map<string, AdminUnitSuccessorTable>();
    const addSuccessor = (oldCode: string, newCode: string, coverage: 'full' | 'partial') => {
      const row = {
        old_unit_id: unitId(LEGACY_EDITION, oldCode),
        new_unit_id: unitId(CURRENT_EDITION, newCode),
        coverage,
      };
      if (!known.has(row.old_unit_id)) throw new Error(`admin-units: unknown old unit ${oldCode}`);
      successors.set(`${row.old_unit_id}>${row.new_unit_id}`, row);
    };
    for (const p of merges.data) {
      for (const m of p.merges) addSuccessor(m.old_id, p.level1_id, m.type);
      for (const c of p.level2s) for (const m of c.merges) addSuccessor(m.old_id, c.level2_id, m.type);
    }

    // Parents before children: provinces were pushed first, and each batch holds one level.
    await insertInBatches(units, 1000, (batch) =>
      trx
        .insertInto('admin_unit')
        .values(batch)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            short_name: eb.ref('excluded.short_name'),
            search_key: eb.ref('excluded.search_key'),
            short_key: eb.ref('excluded.short_key'),
            parent_id: eb.ref('excluded.parent_id'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_to: eb.ref('excluded.valid_to'),
          })),
        )
        .execute(),
    );
    await sql`delete from admin_unit_successor`.execute(trx);
    await insertInBatches([...successors.values()], 2000, (batch) =>
      trx.insertInto('admin_unit_successor').values(batch).execute(),
    );
    return units.length + successors.size;
  },
};
