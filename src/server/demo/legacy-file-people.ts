import fs from 'node:fs';
import path from 'node:path';
import catalogue from '../../../reference/vaccines.json' with { type: 'json' };
import { MOBILE_PREFIXES } from '../../shared/rules/phone.ts';
import { IDENTIFIER_PROVINCE_CODES } from '../../shared/rules/province-codes.ts';
import {
  AGE_BANDS,
  BOOSTER_WEIGHTS,
  HANOI_FORMS,
  hanoiDistrict,
  PRIMARY_WEIGHTS,
  RATES,
} from './legacy-file-data.ts';
import { addressLine, fullName } from './names.ts';
import type { Random } from './random.ts';

/** People and their doses for the legacy export (see legacy-file.ts). */

const CAMPAIGN_START = Math.round((Date.UTC(2021, 2, 8) - Date.UTC(1920, 0, 1)) / 86_400_000);
const MAIN_START = CAMPAIGN_START + 99; // 15 June 2021
const CHILDREN_START = CAMPAIGN_START + 221; // 15 October 2021
const OLD_VIETTEL: Record<string, string> = { '032': '0162', '033': '0163', '034': '0164', '035': '0165' };

export interface Commune {
  code: string;
  name: string;
  kind: string;
  district: string;
}

export interface Person {
  index: number;
  name: string;
  /** Day number (see DAY_ZERO). */
  birthDay: number;
  sex: 'male' | 'female';
  id: string;
  phone: string;
  province: string;
  commune: Commune;
  address: string;
  communeForm: 'name' | 'code' | 'none';
  upper: boolean;
  /** The CSV columns from the ID number to the address, the same on every row of the person. */
  columns: string;
}

const products = new Map(catalogue.products.map((p) => [p.code, p]));
const CONFIRMED = MOBILE_PREFIXES.filter((p) => p.confirmed).map((p) => p.prefix);
const PROVINCES = [...IDENTIFIER_PROVINCE_CODES];

/** Old (2008 edition) communes of Hà Nội from reference/admin-units/splits.json. */
export function loadCommunes(referenceDir: string): Commune[] {
  const splits = JSON.parse(fs.readFileSync(path.join(referenceDir, 'admin-units/splits.json'), 'utf8')) as {
    data: { level1_id: string; level3s: { level3_id: string; name: string }[] }[];
  };
  const hanoi = splits.data.find((p) => p.level1_id === '01');
  if (!hanoi) throw new Error('legacy-file: Hà Nội is missing from splits.json');
  return hanoi.level3s.map((c) => ({
    code: c.level3_id,
    name: c.name.normalize('NFC'),
    kind: c.name.startsWith('Phường') ? 'Phường' : c.name.startsWith('Thị trấn') ? 'Thị trấn' : 'Xã',
    district: hanoiDistrict(c.level3_id),
  }));
}

/** Dates are day numbers from DAY_ZERO; their written forms are precomputed (no Date per row). */
const DAY_ZERO = Date.UTC(1920, 0, 1);
const DAY_COUNT = 110 * 366;
export const ISO: string[] = [];
const DMY: string[] = [];
const DMY_SHORT: string[] = [];
for (let day = 0; day < DAY_COUNT; day++) {
  const iso = new Date(DAY_ZERO + day * 86_400_000).toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  ISO.push(iso);
  DMY.push(`${d}/${m}/${y}`);
  DMY_SHORT.push(`${Number(d)}/${Number(m)}/${y}`);
}
export const dayOf = (iso: string) => Math.round((Date.parse(iso) - DAY_ZERO) / 86_400_000);

export function formatDate(random: Random, day: number): string {
  const form = random.next();
  return form < 0.85 ? DMY[day] : form < 0.93 ? DMY_SHORT[day] : ISO[day];
}

export function csvField(value: string): string {
  return value.includes(',') || value.includes('"') ? `"${value.replace(/"/g, '""')}"` : value;
}

const MID_2021 = dayOf('2021-06-01');

export function makePerson(random: Random, index: number, communes: Commune[]): Person {
  const sex = random.chance(0.5) ? 'male' : 'female';
  const [minAge, maxAge] = random.weighted(AGE_BANDS);
  const birthDay = MID_2021 - (random.int(minAge, maxAge) * 365 + random.int(0, 364));
  const birthYear = Number(ISO[birthDay].slice(0, 4));
  const commune = random.pick(communes);
  let id = '';
  if (random.chance(1 - RATES.noId) && birthYear <= 2007) {
    if (random.chance(RATES.cmnd)) {
      id = `01${String((index * 7_919 + 1_234_567) % 10_000_000).padStart(7, '0')}`;
    } else {
      const province = random.chance(0.85) ? '01' : random.pick(PROVINCES);
      const centurySex = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
      const serial = String((index * 7_919 + 12_345) % 1_000_000).padStart(6, '0');
      id = `0${province}${centurySex}${String(birthYear % 100).padStart(2, '0')}${serial}`;
    }
  }
  const prefix = random.pick(CONFIRMED);
  const number = `${prefix}${random.digits(7)}`;
  const phone =
    OLD_VIETTEL[prefix] && random.chance(RATES.oldPhone * 4) ? OLD_VIETTEL[prefix] + number.slice(3) : number;
  const form = random.next();
  const communeForm =
    form < RATES.missingCommune ? 'none' : form < RATES.missingCommune + RATES.communeCode ? 'code' : 'name';
  const upper = random.chance(RATES.upperName);
  const name = fullName(random, sex);
  const address = addressLine(random, commune.kind);
  const shownPhone = random.chance(0.9) ? phone : '';
  const province = random.weighted(HANOI_FORMS);
  const communeText = communeForm === 'none' ? '' : communeForm === 'code' ? commune.code : commune.name;
  return {
    index,
    name: upper ? name.toLocaleUpperCase('vi') : name,
    birthDay,
    sex,
    id,
    phone: shownPhone,
    province,
    commune,
    address,
    communeForm,
    upper,
    columns: [id, shownPhone, province, commune.district, communeText, address].map(csvField).join(','),
  };
}

/** The doses of one person: a primary series (sometimes cut short) and 0–2 boosters. */
export interface Dose {
  dose: number;
  day: number;
  code: string;
}

export function doses(random: Random, person: Person, lastDay: number): Dose[] {
  const age = 2021 - Number(ISO[person.birthDay].slice(0, 4));
  let code = age < 18 ? random.pick(['PFIZER', 'PFIZER', 'MODERNA']) : random.weighted(PRIMARY_WEIGHTS);
  if (code === 'ABDALA' && (age > 65 || age < 19)) code = 'VEROCELL';
  const product = products.get(code)!;
  const start = age < 18 ? CHILDREN_START : code === 'AZ' ? CAMPAIGN_START : MAIN_START;
  let day = start + random.int(0, 170);
  const wanted = random.weighted([
    [1, 12],
    [product.dosesInSeries, 48],
    [product.dosesInSeries + 1, 33],
    [product.dosesInSeries + 2, 7],
  ] as const);
  const list: Dose[] = [{ dose: 1, day, code }];
  for (let dose = 2; dose <= wanted; dose++) {
    const interval = product.intervals.find((i) => i.afterDose === dose - 1);
    const booster = dose > product.dosesInSeries;
    const gap = booster
      ? random.int(100, 200)
      : (interval?.minDays ?? 21) + random.int(0, interval && 'recommendedDays' in interval ? 28 : 10);
    day += gap;
    if (day >= lastDay) break;
    const boosterCode = age < 18 ? 'PFIZER' : random.weighted(BOOSTER_WEIGHTS);
    list.push({ dose, day, code: booster ? boosterCode : code });
  }
  return list;
}
