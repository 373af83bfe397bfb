import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accessLogSchema,
  addMemberSchema,
  confirmLinkSchema,
  exportSchema,
  householdMemberSchema,
  householdSchema,
  inboxSchema,
  linkRequestCreatedSchema,
  linkRequestParams,
  memberParams,
  staffLinkConfirmedSchema,
  staffLinkRequestsSchema,
  updateMemberSchema,
} from '../../../shared/schemas/households.ts';
import { personSchema } from '../../../shared/schemas/people.ts';
import { problemResponses } from '../../../shared/schemas/problem.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { listInbox, markRead } from '../notifications/inbox.service.ts';
import { exportMember } from './households.export.ts';
import * as service from './households.service.ts';
import type { LinkContext } from './link-requests.service.ts';
import * as links from './link-requests.service.ts';

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
    (request) => service.listHousehold(app.db, citizenOf(request), app.clock()),
  );

  const linkContext = (): LinkContext => ({
    db: app.db,
    secret: app.secret,
    sms: app.sms,
    log: app.log,
    now: app.clock(),
  });

  app.post(
    '/api/me/household/members',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Add a family member (up to 10)',
        description:
          'Without a CCCD the person is registered and added at once (201). With a CCCD the answer is ' +
          'always 202 and a pending request: a code goes by SMS to the phone on the record of that CCCD ' +
          "(when the name and birth date match and the record has a phone), or to the member's phone " +
          "given here (or this account's) when the CCCD is not registered; otherwise the person brings " +
          'the card to a site, where staff confirm. The answer is the same in every case. At most 10 ' +
          'requests a day per account.',
        body: addMemberSchema,
        response: { 201: householdMemberSchema, 202: linkRequestCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = citizenOf(request);
      if (request.body.cccd)
        return reply.code(202).send(await links.requestLink(linkContext(), actor, request.body));
      return reply.code(201).send(await service.addMemberWithoutCccd(app.db, actor, request.body));
    },
  );

  app.post(
    '/api/me/household/link-requests/:id/confirm',
    {
      config: { policy: 'citizen', rateLimit: { max: 20, timeWindow: 10 * 60_000 } },
      schema: {
        tags: ['households'],
        summary: 'Confirm a pending member with the code the person received (5 attempts)',
        params: linkRequestParams,
        body: confirmLinkSchema,
        response: { 201: householdMemberSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = citizenOf(request);
      const personId = await links.confirmLink(linkContext(), actor, request.params.id, request.body.code);
      const household = await service.listHousehold(app.db, actor, app.clock());
      return reply.code(201).send(household.members.find((m) => m.person.id === personId)!);
    },
  );

  app.delete(
    '/api/me/household/link-requests/:id',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['households'],
        summary: 'Withdraw a pending member',
        params: linkRequestParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await links.cancelLink(app.db, citizenOf(request), request.params.id, app.clock());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/staff/household-link-requests',
    {
      config: { policy: 'staff:household_links.confirm' },
      schema: {
        tags: ['households'],
        summary: 'Pending household requests for the CCCD on a card in front of you',
        description:
          'Only for a person within reach (identify the walk-in first) or a CCCD not registered. ' +
          'Counted against the walk-in identification limit and audited.',
        querystring: z.object({ cccd: z.string().trim().min(9).max(20) }),
        response: { 200: staffLinkRequestsSchema, ...errors },
      },
    },
    (request) => links.pendingForCard(app.db, staffOf(request), request.query.cccd, app.clock()),
  );

  app.post(
    '/api/staff/household-link-requests/:id/confirm',
    {
      config: { policy: 'staff:household_links.confirm' },
      schema: {
        tags: ['households'],
        summary: 'Confirm a household request after checking the card in person',
        params: linkRequestParams,
        response: { 200: staffLinkConfirmedSchema, ...errors },
      },
    },
    (request) => links.confirmByStaff(app.db, staffOf(request), request.params.id, app.clock()),
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
