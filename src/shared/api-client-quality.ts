import type { Requester } from './api-client-vaccination.ts';
import { type QualityCategory, qualityItemPageSchema, qualityReportSchema } from './schemas/data-quality.ts';

/** Where a data-quality report looks: a unit or a facility (default: the caller's jurisdiction). */
export interface QualityWhere {
  unit?: string;
  facility?: string;
}

/** The data-quality report. */
export function qualityEndpoints(request: Requester) {
  return {
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
