import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vietnamDate } from '../../../shared/format.ts';
import { isoDate } from '../../../shared/schemas/common.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import {
  bookSchema,
  moveSchema,
  registrationIdParams,
  registrationSchema,
  sessionCreateSchema,
  sessionListSchema,
  sessionOverviewQuery,
  sessionOverviewSchema,
  sessionSchema,
  sessionSlotsSchema,
} from '../../../shared/schemas/registrations.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as booking from './booking.service.ts';
import * as service from './vaccination-sessions.service.ts';

const errors = problemResponses;
const idParams = z.object({ id: z.uuid() });

/** Vaccination sessions: creation, the list with seats left, scheduling and citizen booking. */
export const sessionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/sessions',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['registrations'],
        summary: 'Upcoming vaccination sessions with seats taken',
        querystring: z.object({ from: isoDate.optional() }),
        response: { 200: sessionListSchema, ...errors },
      },
    },
    (request) => service.listSessions(app.db, request.query.from ?? vietnamDate(app.clock())),
  );

  app.post(
    '/api/staff/sessions',
    {
      config: { policy: 'staff:sessions.manage' },
      schema: {
        tags: ['registrations'],
        summary: 'Create a vaccination session (facility, date, vaccine, capacity, time slots)',
        body: sessionCreateSchema,
        response: { 201: sessionSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createSession(app.db, staffOf(request), request.body)),
  );

  app.get(
    '/api/staff/sessions',
    {
      config: { policy: 'staff:sessions.manage' },
      schema: {
        tags: ['registrations'],
        summary:
          'Sessions in your jurisdiction between two days with capacity, booked, checked-in and vaccinated counts',
        querystring: sessionOverviewQuery,
        response: { 200: sessionOverviewSchema, ...errors },
      },
    },
    (request) => service.overview(app.db, staffOf(request), request.query, vietnamDate(app.clock())),
  );

  app.post(
    '/api/staff/sessions/:id/schedule',
    {
      config: { policy: 'staff:sessions.manage' },
      schema: {
        tags: ['registrations'],
        summary: 'Schedule pending registrations into the session by priority group, then registration time',
        params: idParams,
        response: { 200: z.object({ placed: z.number().int(), session: sessionSchema }), ...errors },
      },
    },
    (request) => booking.schedule(app.db, staffOf(request), request.params.id, app.clock()),
  );

  app.get(
    '/api/sessions/:id/slots',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['registrations'],
        summary: "A session's time slots with their free seats",
        params: idParams,
        response: { 200: sessionSlotsSchema, ...errors },
      },
    },
    (request) => service.listSlots(app.db, request.params.id),
  );

  app.post(
    '/api/me/registrations/:id/book',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: "Book a pending registration into a session's time slot with seats left",
        description:
          "Give `slotId` (one of the session's, from `GET /api/sessions/{id}/slots`) to choose the time; without it the least-filled slot is taken. " +
          'Answers 409 `slot_full` when the slot has no seat left, `session_full` when the session has none. ' +
          'Idempotent: the same booking again (a retry) answers 200 with nothing booked twice.',
        params: registrationIdParams,
        body: bookSchema,
        response: { 200: sessionSchema, ...errors },
      },
    },
    (request) => booking.book(app.db, citizenOf(request), request.params.id, request.body, app.clock()),
  );

  app.post(
    '/api/me/registrations/:id/move',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: 'Move an appointment to another time slot (of the same or another session)',
        description:
          'Atomic: the old seat is given back only if the new one is taken; 409 `slot_full` (or `session_full`) changes nothing. ' +
          'Moving to the slot already held answers 200 and changes nothing.',
        params: registrationIdParams,
        body: moveSchema,
        response: { 200: registrationSchema, ...errors },
      },
    },
    (request) => booking.move(app.db, citizenOf(request), request.params.id, request.body, app.clock()),
  );

  app.post(
    '/api/me/registrations/:id/cancel-appointment',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: 'Cancel an appointment: its seat is freed and the registration waits again (pending)',
        params: registrationIdParams,
        response: { 200: registrationSchema, ...errors },
      },
    },
    (request) => booking.cancelAppointment(app.db, citizenOf(request), request.params.id, app.clock()),
  );
};
