import type { z } from 'zod';
import type { Requester } from './api-client-vaccination.ts';
import { type QualityCategory, qualityItemPageSchema, qualityReportSchema } from './schemas/data-quality.ts';
import {
  completenessSchema,
  tallyListSchema,
  tallyReportResultSchema,
  type tallyReportSchema,
} from './schemas/tallies.ts';

/** Where a data-quality report looks: a unit or a facility (default: the caller's jurisdiction). */
export interface QualityWhere {
  unit?: string;
  facility?: string;
}

/** Site tallies, data completeness and the data-quality report. */
export function qualityEndpoints(request: Requester) {
  return {
    reportTallies: (input: z.input<typeof tallyReportSchema>) =>
      request('PUT', '/api/staff/tallies', tallyReportResultSchema, { body: input }),
    tallies: (query: { facility?: string; from?: string; to?: string } = {}) =>
      request('GET', '/api/staff/tallies', tallyListSchema, { query }),
    completeness: (query: { unit?: string; from?: string; to?: string; behind?: number } = {}) =>
      request('GET', '/api/staff/completeness', completenessSchema, { query }),
    dataQuality: (query: QualityWhere & { sample?: number } = {}) =>
      request('GET', '/api/staff/data-quality', qualityReportSchema, { query: { ...query } }),
    dataQualityItems: (
      category: QualityCategory,
      query: QualityWhere & { limit?: number; offset?: number } = {},
    ) =>
      request('GET', '/api/staff/data-quality/items', qualityItemPageSchema, {
        query: { category, ...query },
      }),
  };
}
