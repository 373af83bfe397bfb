import { z } from 'zod';
import { isoDate } from './common.ts';

/** The most doses one facility may report for one day and vaccine. */
export const TALLY_MAX_DOSES = 100_000;
/** The most tallies one request may carry. */
export const TALLY_MAX_ITEMS = 500;

/** One reported number: doses of a vaccine given at a facility on a day. */
export const tallyItemSchema = z.object({
  facilityId: z.uuid().optional().describe('The facility (or give facilityCode; a site may omit both)'),
  facilityCode: z.string().min(1).max(40).optional(),
  day: isoDate.describe('The day the doses were given (not in the future)'),
  vaccineCode: z.string().min(1).max(20).describe('A catalogue code, e.g. PFIZER'),
  doses: z.number().int().min(0).max(TALLY_MAX_DOSES),
});

/** A batch of tallies; a later report for the same facility, day and vaccine replaces the number. */
export const tallyReportSchema = z.object({
  items: z.array(tallyItemSchema).min(1).max(TALLY_MAX_ITEMS),
});

export const tallyResultSchema = z.object({
  facilityId: z.string(),
  day: z.string(),
  vaccineCode: z.string(),
  doses: z.number().int(),
  /** The number before this report (null when there was none). */
  previous: z.number().int().nullable(),
  status: z.enum(['created', 'updated', 'unchanged']),
});

export const tallyReportResultSchema = z.object({ results: z.array(tallyResultSchema) });

export const tallyListQuery = z.object({
  facility: z.string().min(1).max(40).optional().describe('Facility id or code (default: your own facility)'),
  from: isoDate.optional().describe('First day (default: 13 days before `to`)'),
  to: isoDate.optional().describe('Last day (default: today)'),
});

/** One day and vaccine of a facility: the reported number (if any) beside the records entered. */
export const tallyDaySchema = z.object({
  day: z.string(),
  vaccineCode: z.string(),
  reported: z.number().int().nullable(),
  recorded: z.number().int(),
  source: z.enum(['site', 'commune', 'api']).nullable(),
  reportedAt: z.string().nullable(),
  reportedBy: z.string().nullable(),
});

export const tallyListSchema = z.object({
  facility: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  items: z.array(tallyDaySchema),
});

export const completenessQuery = z.object({
  unit: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe('A 2025 province or commune id, e.g. 2025-01 (default: your jurisdiction)'),
  from: isoDate.optional().describe('First day (default: 29 days before `to`)'),
  to: isoDate.optional().describe('Last day (default: today)'),
  behind: z.coerce.number().int().min(1).max(50).default(10).describe('How many sites furthest behind'),
});

const counts = {
  /** Recorded doses (not voided) given in the range at the unit's facilities. */
  recorded: z.number().int(),
  /** Doses the unit's facilities reported in their tallies for the range. */
  reported: z.number().int(),
  /** Recorded doses of days and vaccines that have no tally. */
  recordedUntallied: z.number().int(),
  /** recorded / reported, null when nothing was reported. */
  ratio: z.number().nullable(),
  /** reported − recorded: doses still to enter (negative: more records than reported). */
  gap: z.number().int(),
  text: z.object({ vi: z.string(), en: z.string() }),
};

export const completenessNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(['country', 'province', 'commune', 'facility']),
  ...counts,
});

export const completenessSchema = z.object({
  from: z.string(),
  to: z.string(),
  unit: completenessNodeSchema.extend({
    parentId: z.string().nullable(),
    /** A province's place among all provinces by completeness (1 = best), among those that reported. */
    rank: z.object({ position: z.number().int(), of: z.number().int() }).nullable(),
  }),
  /** Provinces of the country, communes of a province, facilities of a commune. */
  children: z.array(completenessNodeSchema),
  /** The facilities with the most doses still to enter. */
  behind: z.array(completenessNodeSchema.extend({ communeId: z.string(), communeName: z.string() })),
  /** All provinces by completeness, for national staff (empty for others). */
  ranking: z.array(completenessNodeSchema.extend({ rank: z.number().int() })),
});
export type Completeness = z.infer<typeof completenessSchema>;
export type CompletenessNode = z.infer<typeof completenessNodeSchema>;
