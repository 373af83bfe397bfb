import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../../shared/messages.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import {
  checkInSchema,
  dayListQuery,
  dayListSchema,
  dischargedSchema,
  observationSchema,
  screeningCreateSchema,
  screeningSchema,
  visitBatchResultSchema,
  visitBatchSchema,
} from '../../../shared/schemas/visits.ts';
import { staffOf } from '../../plugins/auth.ts';
import { toProblem } from '../../plugins/errors.ts';
import * as batch from './visit-batch.service.ts';
import * as service from './visits.service.ts';

const errors = problemResponses;
const idParams = z.object({ id: z.uuid() });

/** The vaccination day at a site: day list, check-in, screening, observation after the dose. */
export const visitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/day-list',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['vaccination day'],
        summary: "A facility's day list: people scheduled that day and walk-ins, with screening and dose",
        querystring: dayListQuery,
        response: { 200: dayListSchema, ...errors },
      },
    },
    (request) => service.dayList(app.db, staffOf(request), request.query, app.clock()),
  );

  app.post(
    '/api/staff/registrations/:id/check-in',
    {
      config: { policy: 'staff:visits.run' },
      schema: {
        tags: ['vaccination day'],
        summary: 'Check a person in at the site today (scheduled here today, or a pending walk-in)',
        params: idParams,
        body: checkInSchema,
        response: {
          200: z.object({ registrationId: z.string(), state: z.literal('checked_in') }),
          ...errors,
        },
      },
    },
    (request) =>
      service.checkIn(app.db, staffOf(request), request.params.id, request.body.facilityId, app.clock()),
  );

  app.post(
    '/api/staff/registrations/:id/screening',
    {
      config: { policy: 'staff:visits.run' },
      schema: {
        tags: ['vaccination day'],
        summary: 'Record the Decision 5785 screening; the server suggests the outcome, the doctor decides',
        params: idParams,
        body: screeningCreateSchema,
        response: { 200: screeningSchema, ...errors },
      },
    },
    (request) => service.screen(app.db, staffOf(request), request.params.id, request.body, app.clock()),
  );

  app.post(
    '/api/staff/visits/batch',
    {
      config: { policy: 'staff:visits.run' },
      schema: {
        tags: ['vaccination day'],
        summary: 'Send a day entered without a network: check-ins, screenings and doses, one result each',
        description:
          "The site screen sends what it queued offline, in the order it was done. Each step is checked like its own route and is idempotent (a resend answers `already_recorded`); a dose number the person already has is a `conflict`; a refused step (e.g. the registration was cancelled meanwhile) refuses that person's later steps in the batch (`blocked`), other people's steps go on.",
        body: visitBatchSchema,
        response: { 200: visitBatchResultSchema, ...errors },
      },
    },
    async (request) => {
      const lang = pickLang(request.headers['accept-language']);
      const outcomes = await batch.visitBatch(app.db, staffOf(request), request.body.items, app.clock());
      return {
        results: outcomes.map(({ error, ...result }) =>
          error ? { ...result, problem: toProblem(error, request, lang) } : result,
        ),
      };
    },
  );

  app.get(
    '/api/staff/observation',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['vaccination day'],
        summary: 'People vaccinated at the facility in the last 30 minutes, still under observation',
        querystring: z.object({ facilityId: z.uuid().optional() }),
        response: { 200: observationSchema, ...errors },
      },
    },
    (request) => service.observation(app.db, staffOf(request), request.query.facilityId, app.clock()),
  );

  app.post(
    '/api/staff/doses/:id/discharge',
    {
      config: { policy: 'staff:visits.run' },
      schema: {
        tags: ['vaccination day'],
        summary: 'End the observation after a dose at your site ("Cho về"); a second call changes nothing',
        params: idParams,
        response: { 200: dischargedSchema, ...errors },
      },
    },
    (request) => service.discharge(app.db, staffOf(request), request.params.id, app.clock()),
  );
};
