import type { z } from 'zod';
import type { Requester } from './api-client-vaccination.ts';
import {
  completenessSchema,
  tallyListSchema,
  tallyReportResultSchema,
  type tallyReportSchema,
} from './schemas/tallies.ts';

/** Site tallies and data completeness. */
export function qualityEndpoints(request: Requester) {
  return {
    reportTallies: (input: z.input<typeof tallyReportSchema>) =>
      request('PUT', '/api/staff/tallies', tallyReportResultSchema, { body: input }),
    tallies: (query: { facility?: string; from?: string; to?: string } = {}) =>
      request('GET', '/api/staff/tallies', tallyListSchema, { query }),
    completeness: (query: { unit?: string; from?: string; to?: string; behind?: number } = {}) =>
      request('GET', '/api/staff/completeness', completenessSchema, { query }),
  };
}
