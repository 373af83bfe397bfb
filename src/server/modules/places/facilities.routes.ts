import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { facilityPageSchema, facilitySearchQuery } from '../../../shared/schemas/places.ts';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './facilities.service.ts';

/** Facilities within a staff member's reach (no personal data: not audited). */
export const facilitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/facilities',
    {
      config: { policy: 'staff:facilities.read' },
      schema: {
        tags: ['places'],
        summary: 'Facilities within reach, by name or code',
        description:
          'National staff see every facility, a province or commune manager those of the unit, site staff ' +
          'their own. `q` ignores accents and case: `tram y te hai chau` finds `Trạm Y tế phường Hải Châu`.',
        querystring: facilitySearchQuery,
        response: { 200: facilityPageSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    (request) => service.searchFacilities(app.db, staffOf(request), request.query),
  );
};
