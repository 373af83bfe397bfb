import { addDays, ageOn } from '../../shared/rules/dates.ts';
import type { DoseFact, VaccineRule } from '../../shared/rules/vaccination-status.ts';
import type { Random } from './random.ts';

/** A demo person as the vaccination data needs them. */
export interface DemoPerson {
  id: string;
  birthDate: string;
  unitId: string;
  priorityGroup: string | null;
}

/** What the catalogue says about a vaccine, for generating valid histories. */
export interface DemoVaccine extends VaccineRule {
  minAge: number | null;
  maxAge: number | null;
}

/** A planned dose: vaccine and day (the lot, facility and number are added when it is written). */
export interface PlannedDose {
  vaccineCode: string;
  date: string;
}

/**
 * Primary series of the Vietnamese campaign and how common each was: AstraZeneca first, mixed
 * AstraZeneca → Pfizer/Moderna (dispatch 7820/BYT-DP), Pfizer ↔ Moderna, Vero Cell, Janssen (one
 * dose) and Abdala (three doses, ages 19–65).
 */
const SERIES: readonly (readonly [readonly string[], number])[] = [
  [['AZ', 'AZ'], 20],
  [['AZ', 'PFIZER'], 8],
  [['AZ', 'MODERNA'], 5],
  [['PFIZER', 'PFIZER'], 20],
  [['PFIZER', 'MODERNA'], 3],
  [['MODERNA', 'MODERNA'], 10],
  [['MODERNA', 'PFIZER'], 3],
  [['VEROCELL', 'VEROCELL'], 12],
  [['JANSSEN'], 3],
  [['ABDALA', 'ABDALA', 'ABDALA'], 3],
];

/** Boosters were mRNA in Vietnam's 2022 guidance. */
const BOOSTERS = ['PFIZER', 'MODERNA'] as const;

/** How far back the first dose of a generated history may be. */
const FIRST_DOSE_DAYS_AGO: [number, number] = [150, 720];

/** Extra days over the minimum interval: Vietnam gave AstraZeneca's second dose after 8–12 weeks. */
function extraDays(random: Random, vaccine: string): number {
  return vaccine === 'AZ' ? random.int(28, 56) : random.int(0, 21);
}

function minInterval(rule: VaccineRule, afterDose: number): number {
  return rule.intervals.find((i) => i.afterDose === afterDose)?.minDays ?? 0;
}

function ageAllows(vaccine: DemoVaccine, birthDate: string, date: string): boolean {
  const age = ageOn(birthDate, date);
  return age >= (vaccine.minAge ?? 12) && (vaccine.maxAge === null || age <= vaccine.maxAge);
}

/**
 * A vaccination history for one person that the status engine counts in full: the series follows the
 * mixing rules, every interval is at least the catalogue's minimum, boosters come at least 90 days
 * after the series (or the previous booster), and every dose is given on or before `lastDay`. About
 * one adult in seven has none, one in eight stopped after a first dose, half of the others are boosted.
 * Children under 12 have none (their campaign is not part of the demo).
 */
export function generateHistory(
  random: Random,
  person: Pick<DemoPerson, 'birthDate'>,
  catalogue: ReadonlyMap<string, DemoVaccine>,
  today: string,
  lastDay: string,
): PlannedDose[] {
  const age = ageOn(person.birthDate, today);
  if (age < 14) return [];
  if (random.chance(age < 18 ? 0.4 : 0.15)) return [];
  let start = addDays(today, -random.int(...FIRST_DOSE_DAYS_AGO));
  // Teenagers were vaccinated with Pfizer from 12; start once they were old enough.
  const twelfth = addDays(person.birthDate, 366 * 12 + 1);
  if (start < twelfth) start = twelfth;
  let series = random.weighted(SERIES);
  if (!series.every((code) => ageAllows(catalogue.get(code)!, person.birthDate, start)))
    series = ['PFIZER', 'PFIZER'];
  const partial = series.length > 1 && random.chance(0.13);
  const primary = partial ? series.slice(0, random.int(1, series.length - 1)) : series;

  const doses: PlannedDose[] = [];
  let date = start;
  for (const [i, code] of primary.entries()) {
    if (i > 0) {
      const previous = catalogue.get(primary[i - 1])!;
      date = addDays(date, minInterval(previous, i) + extraDays(random, previous.code));
    }
    if (date > lastDay) return doses;
    doses.push({ vaccineCode: code, date });
  }
  if (partial) return doses;
  const boosters = random.chance(0.5) ? (random.chance(0.35) ? 2 : 1) : 0;
  for (let b = 0; b < boosters; b++) {
    date = addDays(date, 90 + random.int(0, 180));
    if (date > lastDay) break;
    doses.push({ vaccineCode: random.pick(BOOSTERS), date });
  }
  return doses;
}

/**
 * The histories of the three demo households (by member, in household order), kept from the first
 * demo: boosted (Pfizer, Pfizer, Moderna), mixed AstraZeneca → Pfizer, one Pfizer dose 10 days ago
 * (partial, yellow) and none (grey), repeating.
 */
export function householdHistory(index: number, today: string): PlannedDose[] {
  const daysAgo = (n: number) => addDays(today, -n);
  const histories: [string, number][][] = [
    [
      ['PFIZER', 230],
      ['PFIZER', 205],
      ['MODERNA', 40],
    ],
    [
      ['AZ', 120],
      ['PFIZER', 80],
    ],
    [['PFIZER', 10]],
    [],
  ];
  return histories[index % histories.length].map(([vaccineCode, n]) => ({ vaccineCode, date: daysAgo(n) }));
}

/** The engine's view of planned doses. */
export const toFacts = (doses: readonly PlannedDose[]): DoseFact[] =>
  doses.map((d) => ({ vaccineCode: d.vaccineCode, date: d.date }));
