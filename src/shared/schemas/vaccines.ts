import { z } from 'zod';
import { localizedSchema } from './problem.ts';

export const vaccineIntervalSchema = z.object({
  afterDose: z.number().int().describe('The interval runs from this dose to the next'),
  minDays: z.number().int(),
  recommendedDays: z.number().int().optional(),
  maxRecommendedDays: z.number().int().optional(),
  source: z.string().optional(),
});

export const vaccineProductSchema = z.object({
  code: z.string(),
  name: z.string(),
  brand: z.string(),
  manufacturer: z.string(),
  platform: z.string(),
  euDcc: z.object({
    mp: z.string().describe('EU DCC medicinal product'),
    ma: z.string().describe('EU DCC marketing authorisation holder / manufacturer'),
    vp: z.string().describe('EU DCC vaccine or prophylaxis (SNOMED CT)'),
  }),
  dosesInSeries: z.number().int(),
  intervals: z.array(vaccineIntervalSchema),
  mixWith: z.array(z.string()).describe('Products allowed for the next primary dose besides this one'),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  notes: localizedSchema,
});
export type VaccineProduct = z.infer<typeof vaccineProductSchema>;

export const vaccineListSchema = z.object({ items: z.array(vaccineProductSchema) });

export const valueSetIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[a-z0-9-]+$/),
});

export const valueSetSchema = z.object({
  id: z.string(),
  versionDate: z.string(),
  values: z.array(
    z.object({ code: z.string(), display: z.string(), active: z.boolean(), system: z.string() }),
  ),
});

export const valueSetListSchema = z.object({
  items: z.array(z.object({ id: z.string(), versionDate: z.string(), count: z.number().int() })),
});

export const priorityGroupSchema = z.object({
  code: z.string(),
  ordinal: z.number().int(),
  name: localizedSchema,
  documents: localizedSchema.nullable(),
});

export const priorityGroupSetSchema = z.object({
  code: z.string(),
  name: localizedSchema,
  legalBasis: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  groups: z.array(priorityGroupSchema),
});
export type PriorityGroupSet = z.infer<typeof priorityGroupSetSchema>;

export const priorityGroupSetListSchema = z.object({ items: z.array(priorityGroupSetSchema) });
