import type { FastifyInstance } from 'fastify';
import { admin as api } from '../../../shared/contracts/admin.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as audit from '../audit/audit.service.ts';
import * as apiKeys from './api-keys.service.ts';
import * as staff from './staff.service.ts';

/** Administration: staff users, API keys and the audit trail. */
export async function adminRoutes(app: FastifyInstance) {
  mount(app, api.users, ({ query }) => staff.listStaff(app.db, query.limit, query.offset));

  mount(app, api.createUser, async ({ body }, request) => {
    const created = await staff.createStaff(app.db, body, audit.auditActorOf(staffOf(request)));
    return { id: created.id, username: created.username, password: created.password };
  });

  for (const [entry, disabled] of [
    [api.disableUser, true],
    [api.enableUser, false],
  ] as const) {
    mount(app, entry, async ({ params }, request) => {
      await staff.setDisabled(app.db, params.id, disabled, audit.auditActorOf(staffOf(request)), app.clock());
      return null;
    });
  }

  mount(app, api.resetPassword, ({ params }, request) =>
    staff.resetPassword(app.db, params.id, audit.auditActorOf(staffOf(request)), app.clock()),
  );

  mount(app, api.audit, async ({ query: q }) => {
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
  });

  mount(app, api.createApiKey, ({ body }, request) =>
    apiKeys.createApiKey(app.db, body, audit.auditActorOf(staffOf(request)), app.clock()),
  );

  mount(app, api.apiKeys, async () => ({ items: await apiKeys.listApiKeys(app.db, app.clock()) }));

  mount(app, api.expireApiKey, async ({ params, body }, request) => {
    const at = body?.at ? new Date(body.at) : undefined;
    await apiKeys.expireApiKey(app.db, params.id, audit.auditActorOf(staffOf(request)), app.clock(), at);
    return null;
  });

  mount(app, api.revokeApiKey, async ({ params }, request) => {
    await apiKeys.revokeApiKey(app.db, params.id, audit.auditActorOf(staffOf(request)), app.clock());
    return null;
  });
}
