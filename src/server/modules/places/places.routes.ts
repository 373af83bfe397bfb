import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  unitDetailSchema,
  unitIdParams,
  unitPageSchema,
  unitSearchQuery,
} from '../../../shared/schemas/places.ts';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import * as service from './places.service.ts';

/** Public reference routes for administrative units (no personal data). */
export const placesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/units',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['places'],
        summary: 'Search administrative units',
        description:
          'Name search ignores accents and case (`ha noi` finds `Thành phố Hà Nội`); digits search codes.',
        querystring: unitSearchQuery,
        response: { 200: unitPageSchema, 400: problemSchema },
      },
    },
    (request) => service.searchUnits(app.db, request.query),
  );

  app.get(
    '/api/units/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['places'],
        summary: 'One administrative unit with its old→new mapping',
        params: unitIdParams,
        response: { 200: unitDetailSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    (request) => service.getUnit(app.db, request.params.id),
  );
};
