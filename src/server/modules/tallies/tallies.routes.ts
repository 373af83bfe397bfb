import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { vietnamDate } from '../../../shared/format.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import {
  completenessQuery,
  completenessSchema,
  tallyListQuery,
  tallyListSchema,
  tallyReportResultSchema,
  tallyReportSchema,
} from '../../../shared/schemas/tallies.ts';
import { staffOf } from '../../plugins/auth.ts';
import { API_KEY_PREFIX } from '../accounts/sign-in-sessions.service.ts';
import { completeness } from './completeness.service.ts';
import * as service from './tallies.service.ts';

const errors = problemResponses;

/** Site tallies (doses reported per day and vaccine) and the data completeness they give. */
export const talliesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/api/staff/tallies',
    {
      config: { policy: 'staff:tallies.report' },
      schema: {
        tags: ['tallies'],
        summary: 'Report doses given per day and vaccine (a later report for the same key replaces it)',
        description:
          'Site staff report for their facility (facility may be left out), commune managers for the facilities of their commune, and a site’s software with its API key (`Authorization: Bearer`). The day may not be in the future; the vaccine must be in the catalogue. Idempotent: the same numbers again change nothing; each change is kept as a revision.',
        body: tallyReportSchema,
        response: { 200: tallyReportResultSchema, ...errors },
      },
    },
    (request) =>
      service.reportTallies(
        app.db,
        staffOf(request),
        request.body.items,
        service.tallySource(
          staffOf(request),
          Boolean(request.headers.authorization?.startsWith(`Bearer ${API_KEY_PREFIX}`)),
        ),
        app.clock(),
        vietnamDate(app.clock()),
      ),
  );

  app.get(
    '/api/staff/tallies',
    {
      config: { policy: 'staff:tallies.read' },
      schema: {
        tags: ['tallies'],
        summary: "A facility's tallies between two days beside the doses recorded there",
        querystring: tallyListQuery,
        response: { 200: tallyListSchema, ...errors },
      },
    },
    (request) => service.listTallies(app.db, staffOf(request), request.query, vietnamDate(app.clock())),
  );

  app.get(
    '/api/staff/completeness',
    {
      config: { policy: 'staff:completeness.read' },
      schema: {
        tags: ['tallies'],
        summary:
          'Data completeness (records entered vs doses reported) for a unit and each child, the sites furthest behind, and the provinces ranked',
        querystring: completenessQuery,
        response: { 200: completenessSchema, ...errors },
      },
    },
    (request) => completeness(app.db, staffOf(request), request.query, vietnamDate(app.clock())),
  );
};
