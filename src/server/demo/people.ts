import { MOBILE_PREFIXES } from '../../shared/rules/phone.ts';
import { searchKey } from '../../shared/rules/vietnamese-text.ts';
import type { NewPerson } from '../modules/people/people.service.ts';
import { addressLine, fullName } from './names.ts';
import type { Random } from './random.ts';

export interface DemoCommune {
  id: string;
  kind: string;
}

export interface PeopleContext {
  communes: DemoCommune[];
  /** 2-digit codes of the old provinces of the chosen province (birth registration on CCCDs). */
  birthProvinceCodes: string[];
  /** Every 2-digit old province code, for people born elsewhere. */
  allProvinceCodes: string[];
  /** The reference date ages are computed against. */
  today: Date;
}

/** Age bands (years) and weights: roughly Vietnam's 2020s population pyramid. */
const AGE_BANDS: readonly (readonly [[number, number], number])[] = [
  [[0, 4], 7.5],
  [[5, 11], 11],
  [[12, 17], 9],
  [[18, 29], 17],
  [[30, 39], 16],
  [[40, 49], 14],
  [[50, 59], 11.5],
  [[60, 64], 5],
  [[65, 74], 5.5],
  [[75, 95], 3.5],
];

const CONFIRMED_PREFIXES = MOBILE_PREFIXES.filter((p) => p.confirmed).map((p) => p.prefix);

/**
 * Generates one synthetic person: a Vietnamese name with diacritics, a birth date from the population
 * pyramid, a CCCD consistent with birth year and sex (for adults and some children), a valid mobile
 * number, a real commune of the province and a house-level address. Uniqueness of CCCDs is the
 * caller's `usedCccd` set.
 */
export function generatePerson(random: Random, ctx: PeopleContext, usedCccd: Set<string>): NewPerson {
  const sex = random.chance(0.5) ? 'male' : 'female';
  const [minAge, maxAge] = random.weighted(AGE_BANDS);
  const age = random.int(minAge, maxAge);
  const birth = new Date(ctx.today);
  birth.setUTCFullYear(birth.getUTCFullYear() - age - 1);
  birth.setUTCDate(birth.getUTCDate() + random.int(1, 364));
  const birthDate = birth.toISOString().slice(0, 10);
  const birthYear = birth.getUTCFullYear();

  const name = fullName(random, sex);
  const commune = random.pick(ctx.communes);
  const hasCccd = age >= 14 || random.chance(0.3);
  let cccd: string | null = null;
  if (hasCccd) {
    const province = random.chance(0.85)
      ? random.pick(ctx.birthProvinceCodes)
      : random.pick(ctx.allProvinceCodes);
    const centurySex = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
    do {
      cccd = `0${province}${centurySex}${String(birthYear % 100).padStart(2, '0')}${random.digits(6)}`;
    } while (usedCccd.has(cccd));
    usedCccd.add(cccd);
  }
  const phone =
    age >= 15 || random.chance(0.1) ? `${random.pick(CONFIRMED_PREFIXES)}${random.digits(7)}` : null;
  const bhyt = random.chance(0.7) ? bhytNumber(random, age, random.pick(ctx.birthProvinceCodes)) : null;
  return {
    full_name: name,
    name_key: searchKey(name),
    birth_date: birthDate,
    sex,
    cccd,
    phone,
    bhyt,
    unit_id: commune.id,
    address_line: addressLine(random, commune.kind),
    priority_group:
      age >= 65 ? '5' : age >= 18 && random.chance(0.12) ? random.pick(['1', '3', '4', '7']) : null,
    is_demo: true,
  };
}

function bhytNumber(random: Random, age: number, province: string): string {
  const type =
    age < 6
      ? 'TE'
      : age < 18
        ? 'HS'
        : age < 23 && random.chance(0.5)
          ? 'SV'
          : age >= 60
            ? 'HT'
            : random.pick(['DN', 'HC', 'GD', 'HN', 'CN']);
  const level = type === 'TE' || type === 'HN' ? 1 : type === 'HT' ? 3 : 4;
  return `${type}${level}${province}${random.digits(10)}`;
}
