import { addDays, addMonths, daysBetween } from './dates.ts';
import type { RuleIssue } from './result.ts';

/** What the engine needs to know of a vaccine product (from the catalogue). */
export interface VaccineRule {
  code: string;
  name: string;
  platform: string;
  dosesInSeries: number;
  /** Minimum days from dose `afterDose` to the next one. */
  intervals: { afterDose: number; minDays: number }[];
  /** Products allowed for the next primary dose besides this one. */
  mixWith: string[];
}

/** A recorded dose as the engine sees it. */
export interface DoseFact {
  id?: string;
  vaccineCode: string;
  /** YYYY-MM-DD */
  date: string;
  /** Entered in error: kept for the record, never counted. */
  voided?: boolean;
  /** ISO 3166 alpha-3 country of vaccination; VNM when absent. */
  country?: string;
}

/** The thresholds health authorities change; keep them configuration, not code. */
export interface StatusPolicy {
  /** Days after the last primary dose before the card turns green (14). */
  validAfterDays: number;
  /** Months the certificate stays valid after the last dose (12). */
  validityMonths: number;
  /** Minimum days from the end of the primary series to a booster (90: three months, 2022 guidance). */
  boosterMinDays: number;
  /** Platforms offered as boosters besides the primary product (mRNA in Vietnam's 2022 guidance). */
  boosterPlatforms: string[];
}

export const DEFAULT_STATUS_POLICY: StatusPolicy = {
  validAfterDays: 14,
  validityMonths: 12,
  boosterMinDays: 90,
  boosterPlatforms: ['mrna'],
};

export type DoseRole = 'primary' | 'booster' | 'not_counted';

export interface DoseEvaluation {
  id?: string;
  vaccineCode: string;
  date: string;
  role: DoseRole;
  /** 1, 2, 3… within the primary series; boosters continue the count. */
  number: number | null;
}

export interface NextDose {
  kind: 'primary' | 'booster';
  number: number;
  /** Earliest YYYY-MM-DD it may be given. */
  earliest: string;
  /** The rule behind `earliest`: at least `minDays` days after the dose given on `after`. */
  minDays: number;
  after: string;
  /** Vaccine codes allowed. */
  options: string[];
}

export interface VaccinationStatus {
  state: 'none' | 'partial' | 'complete' | 'boosted';
  colour: 'grey' | 'yellow' | 'green';
  /** Doses counted in the primary series. */
  primaryDoses: number;
  /** Doses the primary series needs (from its first product). */
  requiredDoses: number | null;
  completedOn: string | null;
  validFrom: string | null;
  validUntil: string | null;
  nextDose: NextDose | null;
  doses: DoseEvaluation[];
  /** Why the status is what it is, as catalogue messages (vi and en). */
  reasons: RuleIssue[];
}

/**
 * Computes a person's vaccination status from their doses and the catalogue: state and colour, the
 * window in which the certificate is valid, the next dose due with the vaccines allowed by the mixing
 * rules, and the reasons for all of it. Pure: the same input always gives the same answer.
 */
export function vaccinationStatus(
  doses: readonly DoseFact[],
  catalogue: readonly VaccineRule[],
  today: string,
  policy: StatusPolicy = DEFAULT_STATUS_POLICY,
): VaccinationStatus {
  const byCode = new Map(catalogue.map((v) => [v.code, v]));
  const reasons: RuleIssue[] = [];
  const evaluations: DoseEvaluation[] = [];
  const sorted = [...doses].sort((a, b) => a.date.localeCompare(b.date));
  const counted: { dose: DoseFact; rule: VaccineRule }[] = [];
  let series: VaccineRule | null = null;
  let completedOn: string | null = null;
  let lastBooster: string | null = null;
  let boosters = 0;

  const skip = (dose: DoseFact, issue: RuleIssue) => {
    reasons.push(issue);
    evaluations.push({
      id: dose.id,
      vaccineCode: dose.vaccineCode,
      date: dose.date,
      role: 'not_counted',
      number: null,
    });
  };

  for (const dose of sorted) {
    if (dose.voided) {
      skip(dose, { code: 'status.voided', params: { date: dose.date } });
      continue;
    }
    const rule = byCode.get(dose.vaccineCode);
    if (!rule) {
      skip(dose, { code: 'status.unknown_vaccine', params: { date: dose.date, vaccine: dose.vaccineCode } });
      continue;
    }
    if (dose.country && dose.country !== 'VNM')
      reasons.push({ code: 'status.abroad', params: { date: dose.date, country: dose.country } });
    const previous = counted.at(-1);

    if (!series || !completedOn) {
      if (previous) {
        if (rule.code !== previous.rule.code && !previous.rule.mixWith.includes(rule.code)) {
          skip(dose, {
            code: 'status.mix_forbidden',
            params: { vaccine: rule.name, previous: previous.rule.name, date: dose.date },
          });
          continue;
        }
        const minDays =
          intervalAfter(previous.rule, counted.length) ?? intervalAfter(rule, counted.length) ?? 0;
        const days = daysBetween(previous.dose.date, dose.date);
        if (days < minDays) {
          skip(dose, {
            code: 'status.interval_short',
            params: { dose: counted.length + 1, days, vaccine: previous.rule.name, minDays },
          });
          continue;
        }
      }
      series ??= rule;
      counted.push({ dose, rule });
      evaluations.push({
        id: dose.id,
        vaccineCode: rule.code,
        date: dose.date,
        role: 'primary',
        number: counted.length,
      });
      if (counted.length >= series.dosesInSeries) completedOn = dose.date;
      continue;
    }

    // After the primary series: a booster, if far enough from the series (or the previous booster).
    const since = lastBooster ?? completedOn;
    if (daysBetween(since, dose.date) < policy.boosterMinDays) {
      skip(dose, {
        code: 'status.booster_early',
        params: { date: dose.date, minDays: policy.boosterMinDays },
      });
      continue;
    }
    boosters++;
    lastBooster = dose.date;
    counted.push({ dose, rule });
    evaluations.push({
      id: dose.id,
      vaccineCode: rule.code,
      date: dose.date,
      role: 'booster',
      number: counted.length,
    });
  }

  const required = series?.dosesInSeries ?? null;
  if (!series) {
    return {
      state: 'none',
      colour: 'grey',
      primaryDoses: 0,
      requiredDoses: null,
      completedOn: null,
      validFrom: null,
      validUntil: null,
      nextDose: null,
      doses: evaluations,
      reasons: [{ code: 'status.none' }, ...reasons],
    };
  }

  const primaryCount = evaluations.filter((e) => e.role === 'primary').length;
  const last = counted.at(-1)!;
  if (!completedOn) {
    const minDays = intervalAfter(last.rule, primaryCount) ?? 0;
    const options = [last.rule.code, ...last.rule.mixWith].filter((code) => byCode.has(code));
    const earliest = addDays(last.dose.date, minDays);
    return {
      state: 'partial',
      colour: 'yellow',
      primaryDoses: primaryCount,
      requiredDoses: required,
      completedOn: null,
      validFrom: null,
      validUntil: null,
      nextDose: {
        kind: 'primary',
        number: primaryCount + 1,
        earliest,
        minDays,
        after: last.dose.date,
        options,
      },
      doses: evaluations,
      reasons: [
        {
          code: 'status.partial',
          params: { count: primaryCount, required: required ?? 0, vaccine: series.name },
        },
        ...reasons,
        {
          code: 'status.next_primary',
          params: { dose: primaryCount + 1, date: earliest, options: names(options, byCode) },
        },
      ],
    };
  }

  const validFrom = addDays(completedOn, policy.validAfterDays);
  const validUntil = addMonths(lastBooster ?? completedOn, policy.validityMonths);
  const boosterOptions = [
    ...new Set([
      last.rule.code,
      ...catalogue.filter((v) => policy.boosterPlatforms.includes(v.platform)).map((v) => v.code),
    ]),
  ];
  const boosterEarliest = addDays(lastBooster ?? completedOn, policy.boosterMinDays);
  const statusReasons: RuleIssue[] = [
    { code: 'status.complete', params: { date: completedOn, required: required ?? 0 } },
  ];
  if (lastBooster) statusReasons.push({ code: 'status.boosted', params: { date: lastBooster } });
  let colour: VaccinationStatus['colour'] = 'green';
  if (today < validFrom) {
    colour = 'yellow';
    statusReasons.push({
      code: 'status.not_yet_valid',
      params: { date: validFrom, days: policy.validAfterDays },
    });
  } else if (today > validUntil) {
    colour = 'yellow';
    statusReasons.push({ code: 'status.expired', params: { date: validUntil } });
  } else {
    statusReasons.push({ code: 'status.valid_until', params: { date: validUntil } });
  }
  return {
    state: boosters > 0 ? 'boosted' : 'complete',
    colour,
    primaryDoses: primaryCount,
    requiredDoses: required,
    completedOn,
    validFrom,
    validUntil,
    nextDose: {
      kind: 'booster',
      number: counted.length + 1,
      earliest: boosterEarliest,
      minDays: policy.boosterMinDays,
      after: lastBooster ?? completedOn,
      options: boosterOptions,
    },
    doses: evaluations,
    reasons: [
      ...statusReasons,
      ...reasons,
      {
        code: 'status.next_booster',
        params: { date: boosterEarliest, options: names(boosterOptions, byCode) },
      },
    ],
  };
}

/** Minimum days after dose `n` of a product's series, if it defines one. */
function intervalAfter(rule: VaccineRule, n: number): number | undefined {
  return rule.intervals.find((i) => i.afterDose === n)?.minDays;
}

function names(codes: string[], byCode: Map<string, VaccineRule>): string {
  return codes.map((c) => byCode.get(c)?.name ?? c).join(', ');
}
