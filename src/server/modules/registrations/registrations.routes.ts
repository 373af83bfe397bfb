import type { FastifyInstance } from 'fastify';
import { registrations as api } from '../../../shared/contracts/registrations.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as service from './registrations.service.ts';

/** Campaigns and registrations for vaccination. */
export async function registrationsRoutes(app: FastifyInstance) {
  const today = () => vietnamDate(app.clock());
  mount(app, api.campaigns, () => service.listCampaigns(app.db));
  mount(app, api.createCampaign, ({ body }, request) =>
    service.createCampaign(app.db, staffOf(request), body),
  );
  mount(app, api.registerMember, ({ params, body }, request) =>
    service.registerMember(app.db, citizenOf(request), params.personId, body, today()),
  );
  mount(app, api.mine, (_parts, request) => service.listOwn(app.db, citizenOf(request), today()));
  mount(app, api.change, ({ params, body }, request) =>
    service.changeRegistration(app.db, citizenOf(request), params.id, body, today(), app.clock()),
  );
  mount(app, api.cancel, ({ params }, request) =>
    service.cancelRegistration(app.db, citizenOf(request), params.id, app.clock()),
  );
  mount(app, api.registerWalkIn, ({ params, body }, request) =>
    service.registerWalkIn(app.db, staffOf(request), params.id, body, today()),
  );
}
