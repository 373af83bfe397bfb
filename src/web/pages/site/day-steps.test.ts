import { describe, expect, it } from 'vitest';
import type { DayListEntry } from '../../../shared/schemas/visits.ts';
import { nextStep } from './day-steps.ts';

const base: DayListEntry = {
  registrationId: 'r',
  personId: 'p',
  fullName: 'A',
  birthDate: '1980-01-01',
  sex: 'female',
  priorityGroup: null,
  source: 'citizen',
  state: 'scheduled',
  sessionId: 's',
  slot: null,
  vaccineCode: 'PFIZER',
  checkedInAt: null,
  screening: null,
  dose: null,
};
const screened = (outcome: 'vaccinate' | 'caution' | 'defer' | 'hospital') => ({
  ...base,
  state: 'checked_in' as const,
  screening: { id: 's', outcome, suggestedOutcome: outcome },
});

describe('the next step for a person on the day list', () => {
  it.each<[string, DayListEntry, string]>([
    ['appointment', base, 'checkIn'],
    ['walk-in not yet checked in', { ...base, state: 'pending', source: 'walk_in' }, 'checkIn'],
    ['checked in', { ...base, state: 'checked_in' }, 'screen'],
    ['screened fit', screened('vaccinate'), 'vaccinate'],
    ['screened with caution', screened('caution'), 'vaccinate'],
    ['sent to hospital', screened('hospital'), 'done'],
    ['deferred', { ...screened('defer'), state: 'deferred' }, 'done'],
    [
      'vaccinated',
      { ...screened('vaccinate'), dose: { id: 'd', doseNumber: 1, vaccineCode: 'PFIZER', givenAt: '' } },
      'done',
    ],
  ])('%s → %s', (_name, entry, step) => {
    expect(nextStep(entry)).toBe(step);
  });
});
