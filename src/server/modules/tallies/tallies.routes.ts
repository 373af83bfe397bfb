import type { FastifyInstance } from 'fastify';
import { tallies as api } from '../../../shared/contracts/tallies.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import { API_KEY_PREFIX } from '../accounts/sign-in-sessions.service.ts';
import { completeness } from './completeness.service.ts';
import * as service from './tallies.service.ts';

/** Site tallies (doses reported per day and vaccine) and the data completeness they give. */
export async function talliesRoutes(app: FastifyInstance) {
  mount(app, api.report, ({ body }, request) => {
    const actor = staffOf(request);
    const byKey = Boolean(request.headers.authorization?.startsWith(`Bearer ${API_KEY_PREFIX}`));
    return service.reportTallies(
      app.db,
      actor,
      body.items,
      service.tallySource(actor, byKey),
      app.clock(),
      vietnamDate(app.clock()),
    );
  });
  mount(app, api.list, ({ query }, request) =>
    service.listTallies(app.db, staffOf(request), query, vietnamDate(app.clock())),
  );
  mount(app, api.completeness, ({ query }, request) =>
    completeness(app.db, staffOf(request), query, vietnamDate(app.clock())),
  );
}
