import type { RuleIssue } from './result.ts';

/**
 * The pre-vaccination screening checklist of Decision 5785/QĐ-BYT (21 Dec 2021) and the outcome it
 * suggests. The doctor chooses the outcome; the suggestion is what the answers and vital signs imply.
 */
export const SCREENING_CHECKLIST = [
  /** Anaphylaxis to a previous COVID-19 vaccine dose or its components → contraindicated. */
  'anaphylaxisPreviousDose',
  /** COVID-19 within the last 6 months → defer. */
  'covidWithin6Months',
  /** An acute illness or a chronic disease in progression → defer. */
  'acuteIllness',
  /** Pregnant, under 13 weeks → defer. */
  'pregnantUnder13Weeks',
  /** Pregnant, 13 weeks or more → vaccinate with caution. */
  'pregnant13WeeksOrMore',
  /** Grade 3 or worse anaphylaxis to any allergen → vaccinate at a hospital. */
  'severeAnaphylaxisOther',
  /** Severe immunodeficiency, end-stage cancer on chemotherapy or radiotherapy → hospital. */
  'severeImmunodeficiency',
  /** Any history of allergy → caution. */
  'allergyHistory',
  /** A clotting or bleeding disorder, or anticoagulants → caution. */
  'bleedingDisorder',
  /** Impaired consciousness or behaviour → defer. */
  'impairedConsciousness',
] as const;

export type ScreeningItem = (typeof SCREENING_CHECKLIST)[number];
export type ScreeningChecklist = Record<ScreeningItem, boolean>;

/**
 * Vital signs taken at screening. Null is "not measured", recorded as such: a form never fills in a
 * normal value nobody measured. `spo2` is optional (not every site has an oximeter).
 */
export interface VitalSigns {
  temperatureC: number | null;
  pulse: number | null;
  systolic: number | null;
  diastolic: number | null;
  respiratoryRate: number | null;
  spo2?: number | null;
}

/** The signs Decision 5785 has measured before every dose (SpO2 only where there is an oximeter). */
export const REQUIRED_VITALS = ['temperatureC', 'pulse', 'systolic', 'diastolic', 'respiratoryRate'] as const;

/** The next dose as the status engine sees it, for the interval check at screening. */
export interface ScreeningDue {
  today: string;
  nextDose: { number: number; earliest: string; minDays: number; after: string } | null;
}

export const SCREENING_OUTCOMES = ['vaccinate', 'caution', 'defer', 'contraindicated', 'hospital'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

/** The normal ranges of Decision 5785 (inclusive); outside them the person is deferred. */
export const VITAL_RANGES = {
  temperatureC: { min: 35.5, max: 37.5 },
  pulse: { min: 60, max: 100 },
  systolic: { min: 90, max: 140 },
  diastolic: { min: 60, max: 90 },
  respiratoryRate: { min: 0, max: 25 },
  spo2: { min: 94, max: 100 },
} as const satisfies Record<keyof VitalSigns, { min: number; max: number }>;

const ITEM_OUTCOME: Record<ScreeningItem, ScreeningOutcome> = {
  anaphylaxisPreviousDose: 'contraindicated',
  covidWithin6Months: 'defer',
  acuteIllness: 'defer',
  pregnantUnder13Weeks: 'defer',
  pregnant13WeeksOrMore: 'caution',
  severeAnaphylaxisOther: 'hospital',
  severeImmunodeficiency: 'hospital',
  allergyHistory: 'caution',
  bleedingDisorder: 'caution',
  impairedConsciousness: 'defer',
};

/**
 * How strongly an outcome holds the person back, for choosing the suggestion when several answers
 * apply: a contraindication outweighs everything; a reason to wait today outweighs sending to a
 * hospital (the person cannot be vaccinated anywhere today); caution outweighs nothing.
 */
export const OUTCOME_WEIGHT: Record<ScreeningOutcome, number> = {
  vaccinate: 0,
  caution: 1,
  hospital: 2,
  defer: 3,
  contraindicated: 4,
};

export interface ScreeningSuggestion {
  outcome: ScreeningOutcome;
  /** Why, one entry per answer or vital sign that counted (message codes with values). */
  reasons: RuleIssue[];
}

/**
 * The outcome the answers, the vital signs and (when given) the dose interval suggest, with every
 * reason: an abnormal sign or a dose not yet due defers; a required sign not measured asks for caution
 * (the doctor may still vaccinate, with a reason, but the record says it was not measured).
 */
export function suggestScreeningOutcome(
  checklist: ScreeningChecklist,
  vitals: VitalSigns,
  due?: ScreeningDue,
): ScreeningSuggestion {
  const reasons: RuleIssue[] = [];
  let outcome: ScreeningOutcome = 'vaccinate';
  const consider = (candidate: ScreeningOutcome, reason: RuleIssue) => {
    reasons.push(reason);
    if (OUTCOME_WEIGHT[candidate] > OUTCOME_WEIGHT[outcome]) outcome = candidate;
  };
  for (const item of SCREENING_CHECKLIST) {
    if (checklist[item]) consider(ITEM_OUTCOME[item], { code: `screening.item.${item}` });
  }
  for (const key of REQUIRED_VITALS)
    if (vitals[key] === null || vitals[key] === undefined)
      consider('caution', { code: `screening.unmeasured.${key}` });
  for (const key of Object.keys(VITAL_RANGES) as (keyof VitalSigns)[]) {
    const value = vitals[key];
    if (value === undefined || value === null) continue;
    const range = VITAL_RANGES[key];
    if (value < range.min || value > range.max)
      consider('defer', {
        code: `screening.abnormal.${key}`,
        params: { value, min: range.min, max: range.max },
      });
  }
  const next = due?.nextDose;
  if (due && next && due.today < next.earliest)
    consider('defer', {
      code: 'screening.not_due',
      params: { dose: next.number, date: next.earliest, minDays: next.minDays, after: next.after },
    });
  return { outcome, reasons };
}

/** True when the chosen outcome lets the person be vaccinated at this site today. */
export function outcomeAllowsDose(outcome: ScreeningOutcome): boolean {
  return outcome === 'vaccinate' || outcome === 'caution';
}
