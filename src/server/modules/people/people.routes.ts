import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paginationQuery } from '../../../shared/schemas/common.ts';
import {
  identifyRequestSchema,
  mergeRequestSchema,
  mergeSchema,
  personCreateSchema,
  personIdParams,
  personPageSchema,
  personSchema,
  personSearchQuery,
  personUpdateSchema,
} from '../../../shared/schemas/people.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { AppError } from '../../app-error.ts';
import { staffOf } from '../../plugins/auth.ts';
import { listMerges, mergePeople } from './people.merge.ts';
import * as service from './people.service.ts';

const errors = problemResponses;

/** The person registry for staff: search, read, create, update, identify walk-ins, merge. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff/people',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['people'],
        summary: 'Search persons in your jurisdiction (CCCD, phone, or name + optional birth date)',
        querystring: personSearchQuery,
        response: { 200: personPageSchema, ...errors },
      },
    },
    (request) => service.searchPeople(app.db, staffOf(request), request.query),
  );

  app.post(
    '/api/staff/people',
    {
      config: { policy: 'staff:people.write' },
      schema: {
        tags: ['people'],
        summary: 'Register a person (409 on an existing CCCD or a likely duplicate not yet confirmed)',
        body: personCreateSchema,
        response: { 201: personSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createPerson(app.db, staffOf(request), request.body)),
  );

  app.get(
    '/api/staff/people/:id',
    {
      config: { policy: 'staff:people.read' },
      schema: {
        tags: ['people'],
        summary: 'One person (the read is audited)',
        params: personIdParams,
        response: { 200: personSchema, ...errors },
      },
    },
    (request) => service.readPerson(app.db, staffOf(request), request.params.id),
  );

  app.patch(
    '/api/staff/people/:id',
    {
      config: { policy: 'staff:people.write' },
      schema: {
        tags: ['people'],
        summary: 'Change a person (audited with old and new values)',
        params: personIdParams,
        body: personUpdateSchema,
        response: { 200: personSchema, ...errors },
      },
    },
    (request) => service.updatePerson(app.db, staffOf(request), request.params.id, request.body, app.clock()),
  );

  app.post(
    '/api/staff/people/identify',
    {
      config: { policy: 'staff:people.identify' },
      schema: {
        tags: ['people'],
        summary: 'Identify a walk-in by the CCCD and birth date on their card; links them to your facility',
        body: identifyRequestSchema,
        response: { 200: personSchema, ...errors },
      },
    },
    async (request) => {
      // The failed attempt's audit entry is committed before the 404 goes out.
      const person = await service.identifyWalkIn(
        app.db,
        staffOf(request),
        request.body,
        app.clock(),
        app.security.walkInLinkHours,
      );
      if (!person) throw AppError.notFound('person.not_found');
      return person;
    },
  );

  app.post(
    '/api/staff/people/merge',
    {
      config: { policy: 'staff:people.merge' },
      schema: {
        tags: ['people'],
        summary: 'Merge a duplicate record into the one to keep (nothing is deleted)',
        body: mergeRequestSchema,
        response: { 200: z.object({ id: z.string(), moved: z.record(z.string(), z.number()) }), ...errors },
      },
    },
    (request) => mergePeople(app.db, staffOf(request), request.body, app.clock()),
  );

  app.get(
    '/api/staff/merges',
    {
      config: { policy: 'staff:people.merge' },
      schema: {
        tags: ['people'],
        summary: 'Merges in your jurisdiction, newest first',
        querystring: paginationQuery,
        response: { 200: z.object({ items: z.array(mergeSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await listMerges(app.db, staffOf(request), request.query.limit, request.query.offset),
    }),
  );
};
