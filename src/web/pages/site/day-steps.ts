import { outcomeAllowsDose } from '../../../shared/rules/screening.ts';
import type { DayListEntry } from '../../../shared/schemas/visits.ts';

export type Step = 'checkIn' | 'screen' | 'vaccinate' | 'done';

/** What the site does next for a person on the list. */
export function nextStep(e: DayListEntry): Step {
  if (e.dose || e.state === 'vaccinated' || e.state === 'deferred' || e.state === 'cancelled') return 'done';
  if (e.state === 'scheduled' || e.state === 'pending') return 'checkIn';
  if (!e.screening) return 'screen';
  return outcomeAllowsDose(e.screening.outcome) ? 'vaccinate' : 'done';
}
