import { z } from 'zod';
import { localizedSchema } from './problem.ts';

/** The first day of Vietnam's COVID-19 vaccination campaign: an earlier dose here is a typing error. */
export const CAMPAIGN_START = '2021-03-08';
/** Age from which a Vietnamese person is expected to hold a CCCD in this report. */
export const ADULT_AGE = 18;

/** What the data-quality report looks for. */
export const QUALITY_CATEGORIES = [
  'no_cccd',
  'invalid_cccd',
  'duplicate_person',
  'dose_interval',
  'dose_date',
  'unknown_lot',
] as const;
export type QualityCategory = (typeof QUALITY_CATEGORIES)[number];

const where = {
  unit: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('A 2025 province or commune id, e.g. 2025-00004 (default: your jurisdiction)'),
  facility: z
    .uuid()
    .optional()
    .describe('One facility: its doses, and the people of its commune or linked to it'),
};

/** Where a data-quality report looks: a unit or a facility (default: the caller's jurisdiction). */
const qualityWhereSchema = z.object(where);
export type QualityWhere = z.infer<typeof qualityWhereSchema>;

export const qualityQuery = z.object({
  ...where,
  sample: z.coerce.number().int().min(0).max(20).default(5).describe('Items shown per category'),
});

export const qualityItemsQuery = z.object({
  category: z.enum(QUALITY_CATEGORIES),
  ...where,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/**
 * One thing to fix: record ids and masked identifiers only (no names), the reasons, and where it is
 * fixed: the person page (identity), the merge screen (duplicates) or the dose void (doses).
 */
export const qualityItemSchema = z.object({
  category: z.enum(QUALITY_CATEGORIES),
  personId: z.string(),
  /** The other person of a likely duplicate pair. */
  otherPersonId: z.string().nullable(),
  doseId: z.string().nullable(),
  /** The CCCD with all but its last 3 digits masked. */
  cccdMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  communeId: z.string().nullable(),
  facilityId: z.string().nullable(),
  vaccineCode: z.string().nullable(),
  doseNumber: z.number().int().nullable(),
  givenOn: z.string().nullable(),
  lotNumber: z.string().nullable(),
  reasons: z.array(z.object({ code: z.string(), messages: localizedSchema })),
  fix: z.object({ kind: z.enum(['person', 'merge', 'void_dose']), href: z.string() }),
});
export type QualityItem = z.infer<typeof qualityItemSchema>;

const countsByCategory = z.record(z.enum(QUALITY_CATEGORIES), z.number().int());

export const qualityReportSchema = z.object({
  /** Where the report looked. */
  target: z.object({
    kind: z.enum(['country', 'province', 'commune', 'facility']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  today: z.string(),
  campaignStart: z.string(),
  totals: countsByCategory,
  /** Person categories by the person's commune; dose categories by the facility's commune. */
  communes: z.array(z.object({ id: z.string(), name: z.string(), counts: countsByCategory })),
  /** Dose categories by the facility the dose was given at. */
  facilities: z.array(
    z.object({ id: z.string(), name: z.string(), communeName: z.string(), counts: countsByCategory }),
  ),
  /** The first items of each category. */
  samples: z.record(z.enum(QUALITY_CATEGORIES), z.array(qualityItemSchema)),
});
export type QualityReport = z.infer<typeof qualityReportSchema>;

export const qualityItemPageSchema = z.object({
  items: z.array(qualityItemSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
