import { describe, expect, it } from 'vitest';
import { registrationEligibility, type ScreeningAnswers } from './eligibility.ts';

const none: ScreeningAnswers = {
  anaphylaxisPreviousDose: false,
  covidWithin6Months: false,
  acuteIllness: false,
  pregnant: false,
  severeAllergy: false,
  immunodeficiency: false,
  bleedingDisorder: false,
};
const base = {
  today: '2021-09-01',
  minAge: 18,
  maxAge: null,
  status: { state: 'none' as const, nextDose: null },
  screening: none,
};

describe('registration eligibility', () => {
  it.each([
    ['an adult with no doses', { birthDate: '1980-01-01' }, true, [], []],
    ['a 17-year-old', { birthDate: '2004-06-01' }, false, ['eligibility.too_young'], []],
    [
      'a 66-year-old for an Abdala campaign (19–65)',
      { birthDate: '1955-01-01', minAge: 19, maxAge: 65 },
      false,
      ['eligibility.too_old'],
      [],
    ],
    [
      'dose 2 not due before the last day they can come',
      {
        birthDate: '1980-01-01',
        status: {
          state: 'partial',
          nextDose: { kind: 'primary', number: 2, earliest: '2021-09-22', options: ['PFIZER'] },
        },
        latestDate: '2021-09-15',
      },
      false,
      ['eligibility.not_due'],
      [],
    ],
    [
      'dose 2 due in time',
      {
        birthDate: '1980-01-01',
        status: {
          state: 'partial',
          nextDose: { kind: 'primary', number: 2, earliest: '2021-09-22', options: ['PFIZER'] },
        },
        latestDate: '2021-09-30',
      },
      true,
      [],
      [],
    ],
    [
      'anaphylaxis to a previous dose',
      { birthDate: '1980-01-01', screening: { ...none, anaphylaxisPreviousDose: true } },
      false,
      ['eligibility.hospital'],
      [],
    ],
    [
      'COVID-19 within 6 months and acute illness',
      { birthDate: '1980-01-01', screening: { ...none, covidWithin6Months: true, acuteIllness: true } },
      false,
      ['eligibility.recent_covid', 'eligibility.acute_illness'],
      [],
    ],
    [
      'pregnant with a bleeding disorder',
      { birthDate: '1990-01-01', screening: { ...none, pregnant: true, bleedingDisorder: true } },
      true,
      [],
      ['eligibility.pregnant', 'eligibility.caution'],
    ],
  ] as const)('%s', (_name, input, eligible, blocking, notes) => {
    const result = registrationEligibility({ ...base, ...input } as Parameters<
      typeof registrationEligibility
    >[0]);
    expect(result.eligible).toBe(eligible);
    expect(result.blocking.map((i) => i.code)).toEqual(blocking);
    expect(result.notes.map((i) => i.code)).toEqual(notes);
  });
});
