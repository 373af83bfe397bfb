import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { vietnamDate } from '../../../shared/format.ts';
import {
  qualityItemPageSchema,
  qualityItemsQuery,
  qualityQuery,
  qualityReportSchema,
} from '../../../shared/schemas/data-quality.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './data-quality.service.ts';

const errors = problemResponses;

/** The data-quality report: records to fix, per facility and commune, with where to fix them. */
export const dataQualityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/data-quality',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['data-quality'],
        summary:
          'Counts per category (adults without CCCD, invalid CCCDs, likely duplicates, impossible intervals, impossible dates, unknown lots) per commune and facility, with a sample of each (audited)',
        description:
          'Items carry record ids and masked identifiers only, the reasons (vi, en) and where the record is fixed. Without `unit` or `facility`: your jurisdiction.',
        querystring: qualityQuery,
        response: { 200: qualityReportSchema, ...errors },
      },
    },
    (request) => service.report(app.db, staffOf(request), request.query, vietnamDate(app.clock())),
  );

  app.get(
    '/api/staff/data-quality/items',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['data-quality'],
        summary: "A page of one category's items (audited)",
        querystring: qualityItemsQuery,
        response: { 200: qualityItemPageSchema, ...errors },
      },
    },
    (request) =>
      service.items(
        app.db,
        staffOf(request),
        request.query.category,
        request.query,
        vietnamDate(app.clock()),
      ),
  );
};
