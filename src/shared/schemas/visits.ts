import { z } from 'zod';
import { SCREENING_CHECKLIST, SCREENING_OUTCOMES } from '../rules/screening.ts';
import { isoDate } from './common.ts';
import { doseRecordSchema } from './doses.ts';
import { problemSchema } from './problem.ts';

const localized = z.object({ vi: z.string(), en: z.string() });
const reason = z.object({ code: z.string(), messages: localized });

export const dayListQuery = z.object({
  /** Staff bound to one facility may leave it out. */
  facilityId: z.uuid().optional(),
  date: isoDate.optional(),
});

export const screeningChecklistSchema = z.object(
  Object.fromEntries(SCREENING_CHECKLIST.map((q) => [q, z.boolean()])) as Record<
    (typeof SCREENING_CHECKLIST)[number],
    z.ZodBoolean
  >,
);

/**
 * Vital signs within what a living person can show (the normal ranges are the rule's business). Each
 * must be sent: a number, or null for "not measured" (recorded as such, never as a normal value).
 */
export const vitalSignsSchema = z.object({
  temperatureC: z.number().min(30).max(45).nullable(),
  pulse: z.number().int().min(20).max(250).nullable(),
  systolic: z.number().int().min(40).max(300).nullable(),
  diastolic: z.number().int().min(20).max(200).nullable(),
  respiratoryRate: z.number().int().min(4).max(80).nullable(),
  spo2: z.number().int().min(50).max(100).nullable().optional(),
});

export const screeningOutcomeSchema = z.enum(SCREENING_OUTCOMES);

export const screeningCreateSchema = z.object({
  /** The client's id for this screening: a resend returns the same record. */
  id: z.uuid(),
  checklist: screeningChecklistSchema,
  vitals: vitalSignsSchema,
  outcome: screeningOutcomeSchema,
  overrideReason: z.string().trim().min(3).max(500).optional(),
  note: z.string().trim().max(1000).optional(),
});

export const screeningSchema = z.object({
  id: z.string(),
  registrationId: z.string(),
  suggestedOutcome: screeningOutcomeSchema,
  outcome: screeningOutcomeSchema,
  reasons: z.array(reason),
  vitals: vitalSignsSchema,
  overrideReason: z.string().nullable(),
  note: z.string().nullable(),
  screenedAt: z.string(),
});

export const checkInSchema = z.object({ facilityId: z.uuid().optional() });

export const dayListEntrySchema = z.object({
  registrationId: z.string(),
  personId: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  priorityGroup: z.string().nullable(),
  source: z.enum(['citizen', 'walk_in']),
  state: z.enum(['pending', 'scheduled', 'checked_in', 'vaccinated', 'deferred', 'cancelled']),
  sessionId: z.string().nullable(),
  slot: z.string().nullable(),
  vaccineCode: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  screening: z
    .object({ id: z.string(), outcome: screeningOutcomeSchema, suggestedOutcome: screeningOutcomeSchema })
    .nullable(),
  dose: z
    .object({ id: z.string(), doseNumber: z.number().int(), vaccineCode: z.string(), givenAt: z.string() })
    .nullable(),
});

export const dayListSchema = z.object({
  facilityId: z.string(),
  facilityName: z.string(),
  date: z.string(),
  sessions: z.array(
    z.object({
      id: z.string(),
      vaccineCode: z.string(),
      capacity: z.number().int(),
      booked: z.number().int(),
      slots: z.array(z.string()),
    }),
  ),
  counts: z.object({
    expected: z.number().int(),
    checkedIn: z.number().int(),
    screened: z.number().int(),
    vaccinated: z.number().int(),
    deferred: z.number().int(),
  }),
  items: z.array(dayListEntrySchema),
});

export const observationSchema = z.object({
  facilityId: z.string(),
  minutes: z.number().int(),
  items: z.array(
    z.object({
      doseId: z.string(),
      personId: z.string(),
      fullName: z.string(),
      vaccineCode: z.string(),
      doseNumber: z.number().int(),
      givenAt: z.string(),
      /** When the 30 minutes end. */
      until: z.string(),
      remainingMinutes: z.number().int(),
      reactionReported: z.boolean().describe('A reaction (AEFI) was recorded for this dose'),
    }),
  ),
});

export const dischargedSchema = z.object({ doseId: z.string(), dischargedAt: z.string() });

export type DayList = z.infer<typeof dayListSchema>;
export type DayListEntry = z.infer<typeof dayListEntrySchema>;
export type Observation = z.infer<typeof observationSchema>;
export type ScreeningRecord = z.infer<typeof screeningSchema>;

/** When a step was done on the device (offline): not in the future, the server's clock otherwise. */
const stepAt = z.iso.datetime({ offset: true }).optional();

/**
 * One step of a vaccination day entered on a device without a network, as `POST /api/staff/visits/batch`
 * takes it. `id` is the client's id of the step (the screening's and dose's own id; for a check-in, the
 * id of the queue item: the check-in itself is idempotent on registration, facility and day).
 */
export const visitBatchItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('check_in'),
    id: z.uuid(),
    registrationId: z.uuid(),
    facilityId: z.uuid().optional(),
    at: stepAt,
  }),
  z.object({
    kind: z.literal('screening'),
    id: z.uuid(),
    registrationId: z.uuid(),
    at: stepAt,
    screening: screeningCreateSchema,
  }),
  z.object({ kind: z.literal('dose'), id: z.uuid(), registrationId: z.uuid(), dose: doseRecordSchema }),
]);
export type VisitBatchItem = z.infer<typeof visitBatchItemSchema>;

export const visitBatchSchema = z.object({ items: z.array(visitBatchItemSchema).min(1).max(500) });

export const visitBatchResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['check_in', 'screening', 'dose']),
      status: z.enum(['recorded', 'already_recorded', 'conflict', 'refused']),
      doseNumber: z.number().int().optional(),
      problem: problemSchema.optional(),
    }),
  ),
});
export type VisitBatchResult = z.infer<typeof visitBatchResultSchema>['results'][number];
