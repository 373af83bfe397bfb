import { ageOn } from './dates.ts';
import type { RuleIssue } from './result.ts';
import type { VaccinationStatus } from './vaccination-status.ts';

/** The screening pre-questions asked at registration (Decision 5785/QĐ-BYT, the Yes/No part). */
export const SCREENING_QUESTIONS = [
  'anaphylaxisPreviousDose',
  'covidWithin6Months',
  'acuteIllness',
  'pregnant',
  'severeAllergy',
  'immunodeficiency',
  'bleedingDisorder',
] as const;
export type ScreeningAnswers = Record<(typeof SCREENING_QUESTIONS)[number], boolean>;

export interface EligibilityInput {
  birthDate: string;
  today: string;
  minAge: number;
  maxAge: number | null;
  status: Pick<VaccinationStatus, 'state' | 'nextDose'>;
  screening: ScreeningAnswers;
  /** The last day the person would come (their preference, or the campaign's end). */
  latestDate?: string | null;
}

export interface Eligibility {
  eligible: boolean;
  /** Blocking reasons (not eligible now) and notes (eligible, with care). */
  blocking: RuleIssue[];
  notes: RuleIssue[];
}

/**
 * Whether a person may register for a campaign now: age within the campaign's limits, a next dose
 * due in time (interval since the last dose), and the screening answers. A previous anaphylaxis means
 * vaccination at a hospital, COVID-19 within 6 months or an acute illness means later; other answers
 * are notes for the screening doctor.
 */
export function registrationEligibility(input: EligibilityInput): Eligibility {
  const blocking: RuleIssue[] = [];
  const notes: RuleIssue[] = [];
  const age = ageOn(input.birthDate, input.today);
  if (age < input.minAge)
    blocking.push({ code: 'eligibility.too_young', params: { age, minAge: input.minAge } });
  if (input.maxAge !== null && age > input.maxAge)
    blocking.push({ code: 'eligibility.too_old', params: { age, maxAge: input.maxAge } });
  const next = input.status.nextDose;
  if (next && input.latestDate && next.earliest > input.latestDate) {
    blocking.push({ code: 'eligibility.not_due', params: { date: next.earliest } });
  }
  const s = input.screening;
  if (s.anaphylaxisPreviousDose) blocking.push({ code: 'eligibility.hospital' });
  if (s.covidWithin6Months) blocking.push({ code: 'eligibility.recent_covid' });
  if (s.acuteIllness) blocking.push({ code: 'eligibility.acute_illness' });
  notes.push(...screeningNotes(s));
  return { eligible: blocking.length === 0, blocking, notes };
}

/**
 * Whether a session (its day and vaccine) suits the person's next dose: not before the earliest day
 * the interval allows, and a vaccine the mixing rules allow. Null when it suits (or no dose has been
 * given yet: any session of the campaign does). Used to offer sessions, to book one, to schedule
 * registrations into one and at screening, so all four agree.
 */
export function sessionIssue(
  status: Pick<VaccinationStatus, 'nextDose'>,
  session: { date: string; vaccineCode: string | null },
): RuleIssue | null {
  const next = status.nextDose;
  if (!next) return null;
  if (session.date < next.earliest)
    return {
      code: 'eligibility.dose_too_early',
      params: { dose: next.number, date: next.earliest, minDays: next.minDays, after: next.after },
    };
  if (session.vaccineCode && !next.options.includes(session.vaccineCode))
    return { code: 'eligibility.vaccine_not_allowed', params: { dose: next.number } };
  return null;
}

/** What the screening doctor should know from the pre-questions (not blocking). */
export function screeningNotes(s: ScreeningAnswers): RuleIssue[] {
  const notes: RuleIssue[] = [];
  if (s.pregnant) notes.push({ code: 'eligibility.pregnant' });
  if (s.severeAllergy || s.immunodeficiency || s.bleedingDisorder)
    notes.push({ code: 'eligibility.caution' });
  return notes;
}
