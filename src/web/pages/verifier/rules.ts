import type { VerificationResult } from '../../../shared/certificate/result.ts';

/**
 * Business rules on top of a valid signature: what this checkpoint accepts. Configurable on the page
 * and remembered on the device. A certificate that verifies but breaks a rule is shown amber.
 */

export interface BusinessRules {
  /** The last dose must complete the primary series (dose number ≥ total doses). */
  completeSeries: boolean;
  /** At least this many days since the last dose (0: no minimum). */
  minDaysSinceLastDose: number;
  /** The vaccination is accepted for at most this many days after the last dose (0: no limit). */
  maxDaysSinceLastDose: number;
}

export const DEFAULT_RULES: BusinessRules = {
  completeSeries: true,
  minDaysSinceLastDose: 14,
  maxDaysSinceLastDose: 0,
};

export type RuleName = 'completeSeries' | 'minDays' | 'maxDays';

export interface RuleOutcome {
  rule: RuleName;
  ok: boolean;
  /** Days since the last dose, when known. */
  days?: number;
  limit?: number;
}

const DAY = 86_400_000;

/** The rules that apply to a verified vaccination certificate, each with its outcome. */
export function evaluateRules(result: VerificationResult, rules: BusinessRules, at: Date): RuleOutcome[] {
  const doses = [...result.vaccinations].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const last = doses[doses.length - 1];
  if (!last) return [];
  const outcomes: RuleOutcome[] = [];
  if (rules.completeSeries) {
    const complete =
      last.doseNumber !== undefined && last.totalDoses !== undefined && last.doseNumber >= last.totalDoses;
    outcomes.push({ rule: 'completeSeries', ok: complete });
  }
  const date = last.date ? Date.parse(`${last.date.slice(0, 10)}T00:00:00Z`) : Number.NaN;
  const days = Number.isNaN(date) ? undefined : Math.floor((at.getTime() - date) / DAY);
  if (rules.minDaysSinceLastDose > 0)
    outcomes.push({
      rule: 'minDays',
      ok: days !== undefined && days >= rules.minDaysSinceLastDose,
      days,
      limit: rules.minDaysSinceLastDose,
    });
  if (rules.maxDaysSinceLastDose > 0)
    outcomes.push({
      rule: 'maxDays',
      ok: days !== undefined && days <= rules.maxDaysSinceLastDose,
      days,
      limit: rules.maxDaysSinceLastDose,
    });
  return outcomes;
}

export type Verdict = 'valid' | 'rules' | 'invalid';

export function verdictOf(result: VerificationResult, outcomes: RuleOutcome[]): Verdict {
  if (!result.valid) return 'invalid';
  return outcomes.every((o) => o.ok) ? 'valid' : 'rules';
}

const RULES_KEY = 'sskdt.verifier.rules';

export function loadRules(): BusinessRules {
  try {
    const stored = JSON.parse(localStorage.getItem(RULES_KEY) ?? '{}') as Partial<BusinessRules>;
    return {
      completeSeries:
        typeof stored.completeSeries === 'boolean' ? stored.completeSeries : DEFAULT_RULES.completeSeries,
      minDaysSinceLastDose: nonNegative(stored.minDaysSinceLastDose, DEFAULT_RULES.minDaysSinceLastDose),
      maxDaysSinceLastDose: nonNegative(stored.maxDaysSinceLastDose, DEFAULT_RULES.maxDaysSinceLastDose),
    };
  } catch {
    return DEFAULT_RULES;
  }
}

export function saveRules(rules: BusinessRules) {
  try {
    localStorage.setItem(RULES_KEY, JSON.stringify(rules));
  } catch {
    // Not remembered, still applied.
  }
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

/** The QR text(s) in pasted text: one HC1 or shc:/ text, or the chunks of a chunked SHC (one a line). */
export function parsePasted(text: string): string | string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 1 && lines.every((l) => l.toLowerCase().startsWith('shc:/'))) return lines;
  return lines.join('');
}

/** An ISO 8601 validation time (a time without a zone is UTC), or undefined when empty or invalid. */
export function parseValidationTime(text: string): Date | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const withZone =
    /(Z|[+-]\d{2}:?\d{2})$/i.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : `${value}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
