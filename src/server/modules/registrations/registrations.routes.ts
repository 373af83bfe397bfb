import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { vietnamDate } from '../../../shared/format.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { personIdParams } from '../../../shared/schemas/people.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import {
  campaignCreateSchema,
  campaignListSchema,
  campaignSchema,
  registrationCreateSchema,
  registrationIdParams,
  registrationListSchema,
  registrationSchema,
  registrationUpdateSchema,
} from '../../../shared/schemas/registrations.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as service from './registrations.service.ts';

const errors = problemResponses;

/** Campaigns and registrations for vaccination. */
export const registrationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = () => vietnamDate(app.clock());

  app.get(
    '/api/campaigns',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['registrations'],
        summary: 'Vaccination campaigns',
        response: { 200: campaignListSchema },
      },
    },
    () => service.listCampaigns(app.db),
  );

  app.post(
    '/api/admin/campaigns',
    {
      config: { policy: 'staff:campaigns.manage' },
      schema: {
        tags: ['registrations'],
        summary: 'Create a campaign (vaccines, ages, priority-group set)',
        body: campaignCreateSchema,
        response: { 201: campaignSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.createCampaign(app.db, staffOf(request), request.body)),
  );

  app.post(
    '/api/me/household/members/:personId/registrations',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: 'Register a household member (eligibility checked: age, next dose due, screening answers)',
        params: memberParams,
        body: registrationCreateSchema,
        response: { 201: registrationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.registerMember(
            app.db,
            citizenOf(request),
            request.params.personId,
            request.body,
            today(),
          ),
        ),
  );

  app.get(
    '/api/me/registrations',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: "My household's registrations",
        response: { 200: registrationListSchema, ...errors },
      },
    },
    (request) => service.listOwn(app.db, citizenOf(request), today()),
  );

  app.patch(
    '/api/me/registrations/:id',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: 'Change a pending registration',
        params: registrationIdParams,
        body: registrationUpdateSchema,
        response: { 200: registrationSchema, ...errors },
      },
    },
    (request) =>
      service.changeRegistration(
        app.db,
        citizenOf(request),
        request.params.id,
        request.body,
        today(),
        app.clock(),
      ),
  );

  app.post(
    '/api/me/registrations/:id/cancel',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['registrations'],
        summary: 'Cancel a pending registration',
        params: registrationIdParams,
        response: { 200: registrationSchema, ...errors },
      },
    },
    (request) => service.cancelRegistration(app.db, citizenOf(request), request.params.id, app.clock()),
  );

  app.post(
    '/api/staff/people/:id/registrations',
    {
      config: { policy: 'staff:people.write' },
      schema: {
        tags: ['registrations'],
        summary: 'Register a walk-in',
        params: personIdParams,
        body: registrationCreateSchema,
        response: { 201: registrationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.registerWalkIn(app.db, staffOf(request), request.params.id, request.body, today()),
        ),
  );
};
