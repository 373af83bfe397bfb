import type { Kysely } from 'kysely';
import { normalizeText, searchKey } from '../../../../shared/rules/vietnamese-text.ts';
import type { DB } from '../../../db/schema.ts';
import { unitTables } from './units.repository.ts';

/**
 * Resolves the place columns of a legacy row (province, district, commune — names or codes, before or
 * after the 2025 reorganisation) to a 2025 commune, in memory: admin_unit and admin_unit_successor are
 * loaded once (~13,500 units) and answers are cached per distinct input.
 *
 * Order: the commune as a 2025 code, a 2025 name, a pre-2025 code, a pre-2025 name, always within the
 * province when one is given and known (old and new province names and codes both narrow the search).
 * A pre-2025 commune leads to the 2025 commune it went into wholly ('full'); one split between several
 * ('partial') gives the first successor with `ambiguous: true`. A 2025 name that also names an old
 * commune which did not go wholly into it is ambiguous too. Districts: the reference data has no
 * pre-2025 districts, so the district text is only kept in `original`; it does not narrow anything.
 */

export type UnitMatch = 'new-code' | 'new-name' | 'old-code' | 'old-name';

export interface UnitQuery {
  province?: string | null;
  district?: string | null;
  commune?: string | null;
}

export interface UnitResolution {
  /** A 2025 commune id ('2025-xxxxx'), or null when the commune is missing or unknown. */
  unitId: string | null;
  matchedVia: UnitMatch | null;
  /** True when the old unit was split, or the name reads differently in the two editions. */
  ambiguous: boolean;
  /** The input as written ("commune, district, province"), kept for reference. */
  original: string;
  /** The 2025 province of the commune, or of the province column when it names exactly one. */
  provinceId: string | null;
}

export interface UnitResolver {
  resolve(query: UnitQuery): UnitResolution;
}

interface Unit {
  id: string;
  kind: string;
  shortKey: string;
  parentId: string | null;
}

interface Successor {
  id: string;
  full: boolean;
}

/** A commune found, before the original text and province are added. */
interface Found {
  unitId: string;
  matchedVia: UnitMatch;
  ambiguous: boolean;
}

const PROVINCE_PREFIX = /^(?:thanh pho|tp|tinh|t)\s+/;
const COMMUNE_PREFIX = /^(?:phuong|xa|thi tran|dac khu|p|x|tt|f)\s+/;
const KIND_OF_PREFIX: Record<string, string> = {
  phuong: 'Phường',
  p: 'Phường',
  f: 'Phường',
  xa: 'Xã',
  x: 'Xã',
  'thi tran': 'Thị trấn',
  tt: 'Thị trấn',
  'dac khu': 'Đặc khu',
};
const PROVINCE_ALIASES: Record<string, string> = {
  hcm: 'ho chi minh',
  tphcm: 'ho chi minh',
  'tp hcm': 'ho chi minh',
  'sai gon': 'ho chi minh',
  saigon: 'ho chi minh',
  hn: 'ha noi',
  'thua thien hue': 'hue',
  brvt: 'ba ria vung tau',
};
const CACHE_LIMIT = 50_000;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Loads the administrative units and the old → new mapping into a resolver. */
export async function loadUnitResolver(db: Kysely<DB>): Promise<UnitResolver> {
  const { units, successors } = await unitTables(db);
  return new MemoryUnitResolver(units, successors);
}

class MemoryUnitResolver implements UnitResolver {
  readonly #provincesByCode = new Map<string, string[]>();
  readonly #provincesByKey = new Map<string, string[]>();
  readonly #newCommuneByCode = new Map<string, Unit>();
  readonly #oldCommuneByCode = new Map<string, Unit>();
  readonly #newCommunesByKey = new Map<string, Unit[]>();
  readonly #oldCommunesByKey = new Map<string, Unit[]>();
  /** Old unit → new units, the full one first. Provinces too. */
  readonly #successors = new Map<string, Successor[]>();
  /** New province → the old provinces merged into it. */
  readonly #predecessors = new Map<string, string[]>();
  readonly #cache = new Map<string, UnitResolution>();

  constructor(
    rows: {
      id: string;
      edition: string;
      code: string;
      level: string;
      kind: string;
      short_key: string;
      parent_id: string | null;
    }[],
    successors: { old_unit_id: string; new_unit_id: string; coverage: string }[],
  ) {
    for (const row of rows) {
      const unit: Unit = { id: row.id, kind: row.kind, shortKey: row.short_key, parentId: row.parent_id };
      const isNew = row.edition === '2025';
      if (row.level === 'province') {
        push(this.#provincesByCode, row.code, row.id);
        push(this.#provincesByKey, row.short_key, row.id);
      } else {
        (isNew ? this.#newCommuneByCode : this.#oldCommuneByCode).set(row.code, unit);
        push(isNew ? this.#newCommunesByKey : this.#oldCommunesByKey, row.short_key, unit);
      }
    }
    for (const s of successors) {
      push(this.#successors, s.old_unit_id, { id: s.new_unit_id, full: s.coverage === 'full' });
      if (s.old_unit_id.length === 7) push(this.#predecessors, s.new_unit_id, s.old_unit_id); // '2008-01'
    }
    for (const list of this.#successors.values()) list.sort((a, b) => Number(b.full) - Number(a.full));
  }

  resolve(query: UnitQuery): UnitResolution {
    const province = normalizeText(query.province ?? '');
    const district = normalizeText(query.district ?? '');
    const commune = normalizeText(query.commune ?? '');
    const cacheKey = `${province}\u0000${district}\u0000${commune}`;
    const cached = this.#cache.get(cacheKey);
    if (cached) return { ...cached };
    const result = this.#resolve(province, commune, [commune, district, province].filter(Boolean).join(', '));
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(cacheKey, result);
    return { ...result };
  }

  #resolve(province: string, commune: string, original: string): UnitResolution {
    const provinces = this.#provinces(province);
    const single =
      provinces && provinces.size > 0 ? [...provinces].filter((id) => id.startsWith('2025-')) : [];
    const none: UnitResolution = {
      unitId: null,
      matchedVia: null,
      ambiguous: false,
      original,
      provinceId: single.length === 1 ? single[0] : null,
    };
    if (!commune) return none;
    const inProvince = (unit: Unit) => !provinces || provinces.has(unit.parentId ?? '');
    const found =
      this.#byCode(commune, inProvince) ??
      this.#byName(commune, inProvince) ??
      (commune.includes(',') ? this.#byName(commune.split(',')[0], inProvince) : null);
    if (!found) return none;
    const unit = this.#newCommuneByCode.get(found.unitId.slice(5));
    return { ...found, original, provinceId: unit?.parentId ?? none.provinceId };
  }

  /** Old and new province ids a province column names (null: no usable province, do not filter). */
  #provinces(text: string): Set<string> | null {
    if (!text) return null;
    const ids = new Set<string>();
    if (/^\d{1,2}$/.test(text)) {
      for (const id of this.#provincesByCode.get(text.padStart(2, '0')) ?? []) ids.add(id);
    } else {
      const key = searchKey(text).replace(PROVINCE_PREFIX, '');
      const compact = key.replace(/ /g, '');
      const alias = PROVINCE_ALIASES[key] ?? PROVINCE_ALIASES[compact] ?? key;
      for (const id of this.#provincesByKey.get(alias) ?? []) ids.add(id);
    }
    if (ids.size === 0) return null;
    for (const id of [...ids]) {
      for (const s of this.#successors.get(id) ?? []) ids.add(s.id);
      for (const old of this.#predecessors.get(id) ?? []) ids.add(old);
    }
    return ids;
  }

  #byCode(text: string, inProvince: (u: Unit) => boolean): Found | null {
    if (!/^\d{1,5}$/.test(text)) return null;
    const code = text.padStart(5, '0');
    const fresh = this.#newCommuneByCode.get(code);
    const old = this.#oldCommuneByCode.get(code);
    const newOk = fresh && inProvince(fresh) ? fresh : undefined;
    const oldOk = old && inProvince(old) ? old : undefined;
    if (newOk) {
      return {
        unitId: newOk.id,
        matchedVia: 'new-code',
        ambiguous: !!oldOk && !this.#goesWhollyTo(oldOk, newOk.id),
      };
    }
    if (oldOk) return this.#fromOld([oldOk], 'old-code');
    return null;
  }

  #byName(text: string, inProvince: (u: Unit) => boolean): Found | null {
    const full = searchKey(text);
    const prefix = COMMUNE_PREFIX.exec(full)?.[0].trim();
    let key = full.replace(COMMUNE_PREFIX, '');
    if (/^\d+$/.test(key)) key = String(Number(key)); // "Phường 01" → "1"
    if (!key) return null;
    const kind = prefix ? KIND_OF_PREFIX[prefix] : undefined;
    const allFresh = (this.#newCommunesByKey.get(key) ?? []).filter(inProvince);
    const allOld = (this.#oldCommunesByKey.get(key) ?? []).filter(inProvince);
    // "Phường X" prefers wards named X in either edition over a commune (xã) named X.
    const freshOfKind = kind ? allFresh.filter((u) => u.kind === kind) : allFresh;
    const oldOfKind = kind ? allOld.filter((u) => u.kind === kind) : allOld;
    const anyOfKind = freshOfKind.length + oldOfKind.length > 0;
    const fresh = anyOfKind ? freshOfKind : allFresh;
    const old = anyOfKind ? oldOfKind : allOld;
    if (fresh.length === 1) {
      const ambiguous = old.some((o) => !this.#goesWhollyTo(o, fresh[0].id));
      return { unitId: fresh[0].id, matchedVia: 'new-name', ambiguous };
    }
    if (old.length) return this.#fromOld(old, 'old-name');
    if (fresh.length > 1) return { unitId: fresh[0].id, matchedVia: 'new-name', ambiguous: true };
    return null;
  }

  #goesWhollyTo(old: Unit, newId: string): boolean {
    const list = this.#successors.get(old.id) ?? [];
    return list.length === 1 && list[0].full && list[0].id === newId;
  }

  /** The 2025 commune old communes went into: the full successor, else the first with ambiguous. */
  #fromOld(old: Unit[], via: UnitMatch): Found | null {
    const firsts = old.map((o) => this.#successors.get(o.id)?.[0]).filter((s) => s !== undefined);
    if (!firsts.length) return null;
    const same = firsts.every((s) => s.id === firsts[0].id);
    const ambiguous = !same || firsts.some((s) => !s.full) || firsts.length < old.length;
    return { unitId: firsts[0].id, matchedVia: via, ambiguous };
  }
}
