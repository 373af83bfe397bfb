import { z } from 'zod';
import { isoDate } from './common.ts';
import { localizedSchema, problemSchema } from './problem.ts';

export const lotCreateSchema = z.object({
  vaccineCode: z.string().min(1).max(20),
  lotNumber: z.string().min(1).max(40),
  expiresOn: isoDate,
  dosesPerVial: z.number().int().min(1).max(50).default(10),
});

export const lotSchema = z.object({
  id: z.string(),
  vaccineCode: z.string(),
  lotNumber: z.string(),
  expiresOn: z.string(),
  dosesPerVial: z.number().int(),
});

export const lotListSchema = z.object({ items: z.array(lotSchema) });

export const holderSchema = z
  .string()
  .regex(/^(national|unit:\d{4}-\d{2,5}|facility:[0-9a-f-]{36})$/)
  .describe("'national', 'unit:<unit id>' or 'facility:<facility id>'");

export const movementCreateSchema = z.object({
  id: z.uuid().optional().describe('Client-chosen id: a resend is not recorded twice'),
  lotId: z.uuid(),
  kind: z.enum(['receipt', 'allocation', 'wastage', 'return']),
  from: holderSchema.optional(),
  to: holderSchema.optional(),
  quantity: z.number().int().min(1).max(10_000_000),
  note: z.string().max(500).optional(),
});

export const stockLevelSchema = z.object({
  holder: z.string(),
  /** The facility's or store's name (null for the national store). */
  holderName: z.string().nullable(),
  /** Set when the holder is a facility. */
  facilityId: z.string().nullable(),
  /** The commune of the facility, or the unit of a store. */
  unitName: z.string().nullable(),
  lot: lotSchema,
  quantity: z.number().int(),
  warning: z.enum(['expired', 'expiring']).nullable(),
});
export const stockQuery = z.object({
  facilityId: z.uuid().optional().describe('Only this facility (it must be within your reach)'),
});
export const stockSchema = z.object({
  items: z.array(stockLevelSchema),
  /** Doses on hand in the listed rows: all, in expired lots, in lots expiring within 30 days. */
  totals: z.object({
    quantity: z.number().int(),
    expired: z.number().int(),
    expiring: z.number().int(),
    byVaccine: z.array(z.object({ vaccineCode: z.string(), quantity: z.number().int() })),
  }),
  /** With `facilityId`: the facility and the store its returns go to (its province's). */
  facility: z
    .object({
      id: z.string(),
      name: z.string(),
      unitName: z.string(),
      returnTo: z.string(),
      returnToName: z.string(),
    })
    .nullable(),
});
export type Stock = z.infer<typeof stockSchema>;

export const doseRecordSchema = z.object({
  id: z.uuid().describe('Chosen by the client for each dose: a resend returns the same record'),
  personId: z.uuid(),
  vaccineCode: z.string().min(1).max(20),
  lotId: z.uuid(),
  doseNumber: z
    .number()
    .int()
    .min(1)
    .max(10)
    .optional()
    .describe('Suggested by the status engine when left out'),
  givenAt: z.iso.datetime({ offset: true }).optional(),
  vaccinator: z.string().max(100).optional(),
  overrideReason: z
    .string()
    .min(3)
    .max(500)
    .optional()
    .describe('Required when the interval or mixing rules are not met'),
});

/**
 * One result per dose of `POST /api/staff/doses/batch`. `conflict`: the person already has a recorded
 * dose with this number (another device or an earlier entry got there first, `dose_number_once`); this
 * dose was not recorded and `doseNumber` is the number asked for.
 */
export const doseBatchResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['recorded', 'already_recorded', 'conflict', 'refused']),
      doseNumber: z.number().int().optional(),
      problem: problemSchema.optional(),
    }),
  ),
});
export type DoseBatchResult = z.infer<typeof doseBatchResultSchema>['results'][number];

export const doseSchema = z.object({
  id: z.string(),
  personId: z.string(),
  vaccineCode: z.string(),
  lotNumber: z.string().nullable(),
  doseNumber: z.number().int(),
  givenAt: z.string(),
  givenOn: z.string(),
  facilityName: z.string().nullable(),
  country: z.string(),
  source: z.string(),
  status: z.enum(['recorded', 'entered_in_error']),
  voidReason: z.string().nullable(),
  overrideReason: z.string().nullable(),
});
export type Dose = z.infer<typeof doseSchema>;

export const statusReasonSchema = z.object({ code: z.string(), messages: localizedSchema });
export const vaccinationStatusSchema = z.object({
  state: z.enum(['none', 'partial', 'complete', 'boosted']),
  colour: z.enum(['grey', 'yellow', 'green']),
  primaryDoses: z.number().int(),
  requiredDoses: z.number().int().nullable(),
  completedOn: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  nextDose: z
    .object({
      kind: z.enum(['primary', 'booster']),
      number: z.number().int(),
      earliest: z.string(),
      /** Why `earliest`: at least `minDays` days after the dose given on `after`. */
      minDays: z.number().int(),
      after: z.string(),
      options: z.array(z.string()),
    })
    .nullable(),
  reasons: z.array(statusReasonSchema),
});

export const vaccinationRecordSchema = z.object({
  status: vaccinationStatusSchema,
  doses: z.array(doseSchema),
});
export const doseRecordedSchema = z.object({
  dose: doseSchema,
  status: vaccinationStatusSchema,
  replayed: z.boolean(),
});
export const doseVoidSchema = z.object({ reason: z.string().min(3).max(500) });
export const doseIdParams = z.object({ id: z.uuid() });

/** `POST /api/staff/doses/batch`: up to 500 doses from a site's software or its offline queue. */
export const doseBatchSchema = z.object({ doses: z.array(doseRecordSchema).min(1).max(500) });

export const recordedByKeyQuery = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const recordedByKeySchema = z.object({
  items: z.array(doseSchema.extend({ recordedAt: z.string() })),
  nextCursor: z.string().nullable(),
});

export const lotListQuery = z.object({ vaccine: z.string().max(20).optional() });
export const movementRecordedSchema = z.object({ recorded: z.boolean() });
