import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDate } from '../../../shared/format.ts';
import {
  lotCreateSchema,
  lotSchema,
  movementCreateSchema,
  stockQuery,
  stockSchema,
} from '../../../shared/schemas/doses.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './stock.service.ts';

const errors = problemResponses;

/** Vaccine lots and stock movements; levels are computed from movements. */
export const stockRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/lots',
    {
      config: { policy: 'staff:stock.read' },
      schema: {
        tags: ['stock'],
        summary: 'Vaccine lots',
        querystring: z.object({ vaccine: z.string().max(20).optional() }),
        response: { 200: z.object({ items: z.array(lotSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await service.listLots(app.db, request.query.vaccine)).map((l) => ({
        id: l.id,
        vaccineCode: l.vaccine_code,
        lotNumber: l.lot_number,
        expiresOn: l.expires_on,
        dosesPerVial: l.doses_per_vial,
      })),
    }),
  );

  app.post(
    '/api/staff/lots',
    {
      config: { policy: 'staff:stock.manage' },
      schema: {
        tags: ['stock'],
        summary: 'Register a lot (idempotent on vaccine + lot number)',
        body: lotCreateSchema,
        response: { 201: lotSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createLot(app.db, staffOf(request), request.body)),
  );

  app.post(
    '/api/staff/stock/movements',
    {
      config: { policy: 'staff:stock.manage' },
      schema: {
        tags: ['stock'],
        summary: 'Record a receipt, allocation, wastage or return (idempotent on the client-chosen id)',
        body: movementCreateSchema,
        response: { 201: z.object({ recorded: z.boolean() }), ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.recordMovement(app.db, staffOf(request), request.body)),
  );

  app.get(
    '/api/staff/stock',
    {
      config: { policy: 'staff:stock.manage' },
      schema: {
        tags: ['stock'],
        summary:
          'Stock per holder (facility or store) and lot within your reach, with expiry warnings and totals',
        querystring: stockQuery,
        response: { 200: stockSchema, ...errors },
      },
    },
    (request) => service.stockLevels(app.db, staffOf(request), vietnamDate(app.clock()), request.query),
  );
};
