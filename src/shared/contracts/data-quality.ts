import { endpoint } from '../api/endpoint.ts';
import {
  qualityItemPageSchema,
  qualityItemsQuery,
  qualityQuery,
  qualityReportSchema,
} from '../schemas/data-quality.ts';

const tags = ['data-quality'];

/** The data-quality report: records to fix, per facility and commune, with where to fix them. */
export const dataQuality = {
  report: endpoint({
    method: 'GET',
    path: '/api/staff/data-quality',
    policy: 'staff:people.read',
    tags,
    summary:
      'Counts per category (adults without CCCD, invalid CCCDs, likely duplicates, impossible intervals, impossible dates, unknown lots) per commune and facility, with a sample of each (audited)',
    description:
      'Items carry record ids and masked identifiers only, the reasons (vi, en) and where the record is fixed. Without `unit` or `facility`: your jurisdiction.',
    query: qualityQuery,
    responses: { 200: qualityReportSchema },
    errors: ['not_found'],
  }),
  items: endpoint({
    method: 'GET',
    path: '/api/staff/data-quality/items',
    policy: 'staff:people.read',
    tags,
    summary: "A page of one category's items (audited)",
    query: qualityItemsQuery,
    responses: { 200: qualityItemPageSchema },
    errors: ['not_found'],
  }),
};
