import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberParams } from '../../../shared/schemas/households.ts';
import { problemSchema } from '../../../shared/schemas/problem.ts';
import {
  aefiListQuery,
  aefiListSchema,
  aefiRecordSchema,
  aefiSchema,
  alertListQuery,
  alertListSchema,
  alertSchema,
  reactionReportSchema,
} from '../../../shared/schemas/reactions.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as service from './reactions.service.ts';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** Reactions after vaccination: citizen reports, staff AEFI records, serious-event alerts. */
export const reactionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/me/household/members/:personId/reactions',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['reactions'],
        summary: "Report a member's reaction after a dose",
        params: memberParams,
        body: reactionReportSchema,
        response: { 201: aefiSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.reportReaction(
            app.db,
            citizenOf(request),
            request.params.personId,
            request.body,
            app.clock(),
          ),
        ),
  );

  app.get(
    '/api/me/household/members/:personId/reactions',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['reactions'],
        summary: "A member's reaction reports",
        params: memberParams,
        response: { 200: aefiListSchema, ...errors },
      },
    },
    (request) => service.memberReactions(app.db, citizenOf(request), request.params.personId),
  );

  app.post(
    '/api/staff/aefi',
    {
      config: { policy: 'staff:aefi.record' },
      schema: {
        tags: ['reactions'],
        summary:
          'Record an AEFI on the WHO core fields; a serious one alerts the commune and province at once',
        body: aefiRecordSchema,
        response: { 201: aefiSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.recordAefi(app.db, staffOf(request), request.body, app.clock())),
  );

  app.get(
    '/api/staff/aefi',
    {
      config: { policy: 'staff:aefi.read' },
      schema: {
        tags: ['reactions'],
        summary:
          'AEFI reports in your jurisdiction, serious ones only or reported between two days on request',
        querystring: aefiListQuery,
        response: { 200: aefiListSchema, ...errors },
      },
    },
    (request) =>
      service.listAefi(app.db, staffOf(request), {
        seriousOnly: request.query.serious === 'true',
        from: request.query.from,
        to: request.query.to,
      }),
  );

  app.get(
    '/api/staff/alerts',
    {
      config: { policy: 'staff:alerts.read' },
      schema: {
        tags: ['reactions'],
        summary: "Alerts on your unit's dashboard (serious AEFI)",
        querystring: alertListQuery,
        response: { 200: alertListSchema, ...errors },
      },
    },
    (request) => service.alertsFor(app.db, staffOf(request), { openOnly: request.query.open === 'true' }),
  );

  app.post(
    '/api/staff/alerts/:id/acknowledge',
    {
      config: { policy: 'staff:alerts.read' },
      schema: {
        tags: ['reactions'],
        summary: "Acknowledge an alert on your unit's dashboard (idempotent)",
        params: z.object({ id: z.uuid() }),
        response: { 200: alertSchema, ...errors },
      },
    },
    (request) => service.acknowledgeAlert(app.db, staffOf(request), request.params.id, app.clock()),
  );
};
