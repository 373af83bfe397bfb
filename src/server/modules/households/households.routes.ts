import type { FastifyInstance } from 'fastify';
import { households as api } from '../../../shared/contracts/households.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { listInbox, markRead } from '../notifications/inbox.service.ts';
import { exportMember } from './households.export.ts';
import * as service from './households.service.ts';
import type { LinkContext } from './link-requests.service.ts';
import * as links from './link-requests.service.ts';

/** The citizen's household: members, their records, access log, data export, inbox, account deletion. */
export async function householdsRoutes(app: FastifyInstance) {
  const linkContext = (): LinkContext => ({
    db: app.db,
    secret: app.secret,
    sms: app.sms,
    log: app.log,
    now: app.clock(),
  });

  mount(app, api.household, (_parts, request) =>
    service.listHousehold(app.db, citizenOf(request), app.clock()),
  );
  mount(app, api.addMember, async ({ body }, request, reply) => {
    const actor = citizenOf(request);
    if (body.cccd) {
      reply.code(202);
      return links.requestLink(linkContext(), actor, body);
    }
    return service.addMemberWithoutCccd(app.db, actor, body);
  });
  mount(
    app,
    api.confirmLink,
    async ({ params, body }, request) => {
      const actor = citizenOf(request);
      const personId = await links.confirmLink(linkContext(), actor, params.id, body.code);
      const household = await service.listHousehold(app.db, actor, app.clock());
      return household.members.find((m) => m.person.id === personId)!;
    },
    { rateLimit: { max: 20, timeWindow: 10 * 60_000 } },
  );
  mount(app, api.cancelLink, async ({ params }, request) => {
    await links.cancelLink(app.db, citizenOf(request), params.id, app.clock());
    return null;
  });
  mount(app, api.staffLinkRequests, ({ query }, request) =>
    links.pendingForCard(app.db, staffOf(request), query.cccd, app.clock()),
  );
  mount(app, api.staffConfirmLink, ({ params }, request) =>
    links.confirmByStaff(app.db, staffOf(request), params.id, app.clock()),
  );
  mount(
    app,
    api.member,
    async ({ params }, request) =>
      (await service.requireMember(app.db, citizenOf(request), params.personId)).person,
  );
  mount(app, api.updateMember, ({ params, body }, request) =>
    service.updateMember(app.db, citizenOf(request), params.personId, body, app.clock()),
  );
  mount(app, api.removeMember, async ({ params }, request) => {
    await service.removeMember(app.db, citizenOf(request), params.personId);
    return null;
  });
  mount(app, api.accessLog, ({ params }, request) =>
    service.accessLog(app.db, citizenOf(request), params.personId),
  );
  mount(app, api.exportMember, async ({ params }, request, reply) => {
    const data = await exportMember(app.db, citizenOf(request), params.personId, app.clock());
    reply.header('content-disposition', `attachment; filename="sskdt-${params.personId}.json"`);
    return data;
  });
  mount(app, api.inbox, async (_parts, request) => ({
    items: await listInbox(app.db, citizenOf(request).accountId, 100),
  }));
  mount(app, api.markRead, async ({ body }, request) => {
    await markRead(app.db, citizenOf(request).accountId, body.ids, app.clock());
    return null;
  });
  mount(app, api.deleteAccount, async (_parts, request) => {
    await service.deleteAccount(app.db, citizenOf(request), app.clock(), request.log);
    return { retention: service.RETENTION_NOTICE };
  });
}
