import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import {
  priorityGroupSetListSchema,
  vaccineListSchema,
  valueSetIdParams,
  valueSetListSchema,
  valueSetSchema,
} from '../../../shared/schemas/vaccines.ts';
import * as service from './vaccines.service.ts';

/** Public reference routes: vaccine catalogue, EU DCC value sets, priority groups. */
export const vaccinesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/vaccines',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['vaccines'],
        summary: 'Vaccine catalogue (EU DCC codes, doses in series, intervals, mixing)',
        response: { 200: vaccineListSchema },
      },
    },
    async () => ({ items: await service.listVaccines(app.db) }),
  );

  app.get(
    '/api/eu-dcc/value-sets',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['vaccines'],
        summary: 'EU DCC value sets loaded',
        response: { 200: valueSetListSchema },
      },
    },
    async () => ({ items: await service.listValueSets(app.db) }),
  );

  app.get(
    '/api/eu-dcc/value-sets/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['vaccines'],
        summary: 'One EU DCC value set',
        params: valueSetIdParams,
        response: { 200: valueSetSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    (request) => service.getValueSet(app.db, request.params.id),
  );

  app.get(
    '/api/priority-group-sets',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['vaccines'],
        summary: 'Priority-group code tables (versioned, chosen per campaign)',
        response: { 200: priorityGroupSetListSchema },
      },
    },
    async () => ({ items: await service.listPriorityGroupSets(app.db) }),
  );
};
