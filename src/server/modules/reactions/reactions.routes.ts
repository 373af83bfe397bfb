import type { FastifyInstance } from 'fastify';
import { reactions as api } from '../../../shared/contracts/reactions.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as service from './reactions.service.ts';

/** Reactions after vaccination: citizen reports, staff AEFI records, serious-event alerts. */
export async function reactionsRoutes(app: FastifyInstance) {
  mount(app, api.report, ({ params, body }, request) =>
    service.reportReaction(app.db, citizenOf(request), params.personId, body, app.clock()),
  );
  mount(app, api.memberReactions, ({ params }, request) =>
    service.memberReactions(app.db, citizenOf(request), params.personId),
  );
  mount(app, api.recordAefi, ({ body }, request) =>
    service.recordAefi(app.db, staffOf(request), body, app.clock()),
  );
  mount(app, api.listAefi, ({ query }, request) =>
    service.listAefi(app.db, staffOf(request), {
      seriousOnly: query.serious === 'true',
      from: query.from,
      to: query.to,
    }),
  );
  mount(app, api.alerts, ({ query }, request) =>
    service.alertsFor(app.db, staffOf(request), { openOnly: query.open === 'true' }),
  );
  mount(app, api.acknowledgeAlert, ({ params }, request) =>
    service.acknowledgeAlert(app.db, staffOf(request), params.id, app.clock()),
  );
}
