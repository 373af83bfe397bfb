import { SCREENING_QUESTIONS, type ScreeningAnswers } from '../../src/shared/rules/eligibility.ts';
import { SCREENING_CHECKLIST, type ScreeningChecklist } from '../../src/shared/rules/screening.ts';

/** Every registration pre-question answered "no". */
export const NO_PRE = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q, false])) as ScreeningAnswers;

/** Every Decision 5785 screening item answered "no". */
export const CLEAR = Object.fromEntries(SCREENING_CHECKLIST.map((q) => [q, false])) as ScreeningChecklist;

/** Vital signs inside every normal range. */
export const NORMAL = { temperatureC: 36.7, pulse: 76, systolic: 118, diastolic: 76, respiratoryRate: 18 };
