import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accessLogSchema,
  addMemberSchema,
  exportSchema,
  householdMemberSchema,
  householdSchema,
  inboxSchema,
  memberParams,
  updateMemberSchema,
} from '../../../shared/schemas/households.ts';
import { personSchema } from '../../../shared/schemas/people.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { citizenOf } from '../../plugins/auth.ts';
import { listInbox, markRead } from '../notifications/inbox.service.ts';
import { exportMember } from './households.export.ts';
import * as service from './households.service.ts';

const errors = problemResponses;

/** The citizen's household: members, their records, access log, data export, inbox, account deletion. */
export const householdsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me/household',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'My household',
        response: { 200: householdSchema, ...errors },
      },
    },
    (request) => service.listHousehold(app.db, citizenOf(request)),
  );

  app.post(
    '/api/me/household/members',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary:
          'Add a family member (up to 10); an existing CCCD links the person when name and birth date match',
        body: addMemberSchema,
        response: { 201: householdMemberSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.addMember(app.db, citizenOf(request), request.body)),
  );

  app.get(
    '/api/me/household/members/:personId',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: "A member's record",
        params: memberParams,
        response: { 200: personSchema, ...errors },
      },
    },
    async (request) =>
      (await service.requireMember(app.db, citizenOf(request), request.params.personId)).person,
  );

  app.patch(
    '/api/me/household/members/:personId',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: "Change a member's phone, insurance card, address or relationship",
        params: memberParams,
        body: updateMemberSchema,
        response: { 200: householdMemberSchema, ...errors },
      },
    },
    (request) =>
      service.updateMember(app.db, citizenOf(request), request.params.personId, request.body, app.clock()),
  );

  app.delete(
    '/api/me/household/members/:personId',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Remove a member (the person and records stay)',
        params: memberParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.removeMember(app.db, citizenOf(request), request.params.personId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me/household/members/:personId/access-log',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: "Who on the staff side opened or changed a member's record",
        params: memberParams,
        response: { 200: accessLogSchema, ...errors },
      },
    },
    (request) => service.accessLog(app.db, citizenOf(request), request.params.personId),
  );

  app.get(
    '/api/me/household/members/:personId/export',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Everything held about a member, as JSON',
        params: memberParams,
        response: { 200: exportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const data = await exportMember(app.db, citizenOf(request), request.params.personId, app.clock());
      reply.header('content-disposition', `attachment; filename="sskdt-${request.params.personId}.json"`);
      return data;
    },
  );

  app.get(
    '/api/me/inbox',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'My in-app messages',
        response: { 200: inboxSchema, ...errors },
      },
    },
    async (request) => ({ items: await listInbox(app.db, citizenOf(request).accountId, 100) }),
  );

  app.post(
    '/api/me/inbox/read',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Mark messages read',
        body: z.object({ ids: z.array(z.uuid()).max(200) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await markRead(app.db, citizenOf(request).accountId, request.body.ids, app.clock());
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/me/account',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Delete my account: members are unlinked, health records stay (legal retention)',
        response: { 200: z.object({ retention: z.object({ vi: z.string(), en: z.string() }) }), ...errors },
      },
    },
    async (request) => {
      await service.deleteAccount(app.db, citizenOf(request), app.clock(), request.log);
      return { retention: service.RETENTION_NOTICE };
    },
  );
};
