import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
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
        body: z.object({ facility: z.string().min(1).max(60), name: z.string().min(1).max(100) }),
        response: {
          201: z.object({ id: z.string(), key: z.string(), prefix: z.string(), facilityName: z.string() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      return reply
        .code(201)
        .send(await apiKeys.createApiKey(app.db, request.body, audit.auditActorOf(actor)));
    },
  );

  app.get(
    '/api/admin/api-keys',
    {
      config: { policy: 'staff:api_keys.manage' },
      schema: {
        tags: ['admin'],
        summary: 'API keys (never the secrets)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                prefix: z.string(),
                facilityName: z.string(),
                createdAt: z.string(),
                revoked: z.boolean(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await apiKeys.listApiKeys(app.db) }),
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
