import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiKeyCreatedSchema,
  apiKeyCreateSchema,
  apiKeyExpireSchema,
  apiKeyListSchema,
  auditPageSchema,
  auditQuery,
  staffCreatedSchema,
  staffCreateSchema,
  staffUserPageSchema,
} from '../../../shared/schemas/accounts.ts';
import { paginationQuery } from '../../../shared/schemas/common.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as audit from '../audit/audit.service.ts';
import * as apiKeys from './api-keys.service.ts';
import * as staff from './staff.service.ts';

const errors = problemResponses;
const idParams = z.object({ id: z.uuid() });

/** Administration: staff users and the audit trail. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/users',
    {
      config: { policy: 'staff:users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Staff users',
        querystring: paginationQuery,
        response: { 200: staffUserPageSchema, ...errors },
      },
    },
    (request) => staff.listStaff(app.db, request.query.limit, request.query.offset),
  );

  app.post(
    '/api/admin/users',
    {
      config: { policy: 'staff:users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Create a staff user; the generated password is shown once',
        body: staffCreateSchema,
        response: { 201: staffCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await staff.createStaff(app.db, request.body, audit.auditActorOf(staffOf(request)));
      return reply.code(201).send({ id: created.id, username: created.username, password: created.password });
    },
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/admin/users/:id/${path}`,
      {
        config: { policy: 'staff:users.manage' },
        schema: {
          tags: ['admin'],
          summary: `${disabled ? 'Disable' : 'Enable'} a staff user`,
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await staff.setDisabled(
          app.db,
          request.params.id,
          disabled,
          audit.auditActorOf(staffOf(request)),
          app.clock(),
        );
        return reply.code(204).send(null);
      },
    );
  }

  app.post(
    '/api/admin/users/:id/reset-password',
    {
      config: { policy: 'staff:users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Set a new generated password (shown once)',
        params: idParams,
        response: { 200: z.object({ password: z.string() }), ...errors },
      },
    },
    (request) =>
      staff.resetPassword(app.db, request.params.id, audit.auditActorOf(staffOf(request)), app.clock()),
  );

  app.get(
    '/api/admin/audit',
    {
      config: { policy: 'staff:audit.read' },
      schema: {
        tags: ['admin'],
        summary: 'The audit trail, newest first',
        querystring: auditQuery,
        response: { 200: auditPageSchema, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const { rows, total } = await audit.findEvents(
        app.db,
        {
          personId: q.personId,
          actorId: q.actorId,
          action: q.action,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
        q.limit,
        q.offset,
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorKind: r.actor_kind,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          actorLabel: r.actor_label,
          action: r.action,
          personId: r.person_id,
          recordType: r.record_type,
          recordId: r.record_id,
          ip: r.ip,
          details: r.details,
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );

  app.post(
    '/api/admin/api-keys',
    {
      config: { policy: 'staff:api_keys.manage' },
      schema: {
        tags: ['admin'],
        summary:
          "Create an API key for a facility's own software (shown once; it records doses as that facility)",
        description:
          'The key acts as the `facility_api` principal: it records doses (`POST /api/staff/doses/batch`) and tallies for its facility and reads the doses it recorded (`GET /api/staff/doses/recorded-by-key`); nothing else. Every key expires (default 365 days, at most 730).',
        body: apiKeyCreateSchema,
        response: {
          201: apiKeyCreatedSchema,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      return reply
        .code(201)
        .send(await apiKeys.createApiKey(app.db, request.body, audit.auditActorOf(actor), app.clock()));
    },
  );

  app.get(
    '/api/admin/api-keys',
    {
      config: { policy: 'staff:api_keys.manage' },
      schema: {
        tags: ['admin'],
        summary: 'API keys (never the secrets), with state, expiry and last use',
        response: {
          200: apiKeyListSchema,
          ...errors,
        },
      },
    },
    async () => ({ items: await apiKeys.listApiKeys(app.db, app.clock()) }),
  );

  app.post(
    '/api/admin/api-keys/:id/expire',
    {
      config: { policy: 'staff:api_keys.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Bring a key’s expiry forward (to now, or to a later moment before its current expiry)',
        params: idParams,
        body: apiKeyExpireSchema.optional(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const at = request.body?.at ? new Date(request.body.at) : undefined;
      await apiKeys.expireApiKey(
        app.db,
        request.params.id,
        audit.auditActorOf(staffOf(request)),
        app.clock(),
        at,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/api-keys/:id/revoke',
    {
      config: { policy: 'staff:api_keys.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API key at once',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await apiKeys.revokeApiKey(
        app.db,
        request.params.id,
        audit.auditActorOf(staffOf(request)),
        app.clock(),
      );
      return reply.code(204).send(null);
    },
  );
};
