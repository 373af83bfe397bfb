import { z } from 'zod';
import { isoDate } from './common.ts';

/** Symptoms of the citizen checklist (common reactions first, then the serious ones). */
export const SYMPTOMS = [
  'injection_site_pain',
  'swelling',
  'fever',
  'fatigue',
  'headache',
  'muscle_pain',
  'chills',
  'nausea',
  'diarrhoea',
  'rash',
  'breathing_difficulty',
  'chest_pain',
  'palpitations',
  'seizure',
  'fainting',
  'anaphylaxis',
] as const;

/** WHO AEFI seriousness criteria. */
export const SERIOUS_CRITERIA = [
  'death',
  'life_threatening',
  'hospitalisation',
  'disability',
  'congenital_anomaly',
  'other_important',
] as const;

export const reactionReportSchema = z.object({
  doseId: z.uuid().optional(),
  onsetAt: z.iso.datetime({ offset: true }),
  symptoms: z.array(z.enum(SYMPTOMS)).min(1).max(SYMPTOMS.length),
  severity: z.enum(['mild', 'moderate', 'severe']),
  description: z.string().max(2000).optional(),
});

export const aefiRecordSchema = reactionReportSchema.extend({
  personId: z.uuid(),
  serious: z.boolean(),
  seriousCriteria: z.array(z.enum(SERIOUS_CRITERIA)).max(SERIOUS_CRITERIA.length).default([]),
  outcome: z.enum(['recovering', 'recovered', 'recovered_with_sequelae', 'not_recovered', 'died', 'unknown']),
});

export const aefiSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  doseId: z.string().nullable(),
  reporterKind: z.enum(['citizen', 'staff']),
  onsetAt: z.string(),
  symptoms: z.array(z.string()),
  severity: z.string(),
  description: z.string().nullable(),
  serious: z.boolean(),
  seriousCriteria: z.array(z.string()),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  /** In the staff list: the person's commune, and the vaccine and facility of the dose. */
  unitName: z.string().nullable().optional(),
  vaccineCode: z.string().nullable().optional(),
  facilityName: z.string().nullable().optional(),
});
export const aefiListSchema = z.object({ items: z.array(aefiSchema) });

export const alertSchema = z.object({
  id: z.string(),
  kind: z.string(),
  unitName: z.string(),
  personName: z.string().nullable(),
  aefiId: z.string().nullable(),
  createdAt: z.string(),
  acknowledged: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export const alertListSchema = z.object({ items: z.array(alertSchema) });

/** The staff AEFI list: serious ones only, reported between two days (Vietnam time). */
export const aefiListQuery = z.object({
  serious: z.enum(['true', 'false']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const alertListQuery = z.object({
  open: z.enum(['true', 'false']).optional().describe('true: only alerts not acknowledged yet'),
});
