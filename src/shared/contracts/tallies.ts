import { endpoint } from '../api/endpoint.ts';
import {
  completenessQuery,
  completenessSchema,
  tallyListQuery,
  tallyListSchema,
  tallyReportResultSchema,
  tallyReportSchema,
} from '../schemas/tallies.ts';

const tags = ['tallies'];

/** Site tallies (doses reported per day and vaccine) and the data completeness they give. */
export const tallies = {
  report: endpoint({
    method: 'PUT',
    path: '/api/staff/tallies',
    policy: 'staff:tallies.report',
    tags,
    summary: 'Report doses given per day and vaccine (a later report for the same key replaces it)',
    description:
      'Site staff report for their facility (facility may be left out), commune managers for the facilities of their commune, and a site’s software with its API key (`Authorization: Bearer`). The day may not be in the future; the vaccine must be in the catalogue. Idempotent: the same numbers again change nothing; each change is kept as a revision.',
    body: tallyReportSchema,
    responses: { 200: tallyReportResultSchema },
    errors: ['not_found'],
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/staff/tallies',
    policy: 'staff:tallies.read',
    tags,
    summary: "A facility's tallies between two days beside the doses recorded there",
    query: tallyListQuery,
    responses: { 200: tallyListSchema },
    errors: ['not_found'],
  }),
  completeness: endpoint({
    method: 'GET',
    path: '/api/staff/completeness',
    policy: 'staff:completeness.read',
    tags,
    summary:
      'Data completeness (records entered vs doses reported) for a unit and each child, the sites furthest behind, and the provinces ranked',
    query: completenessQuery,
    responses: { 200: completenessSchema },
    errors: ['not_found'],
  }),
};
