import type { FastifyInstance } from 'fastify';
import { vaccinationSessions as api } from '../../../shared/contracts/vaccination-sessions.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as booking from './booking.service.ts';
import * as service from './vaccination-sessions.service.ts';

/** Vaccination sessions: creation, the list with seats left, scheduling and citizen booking. */
export async function sessionsRoutes(app: FastifyInstance) {
  mount(app, api.upcoming, ({ query }) =>
    service.listSessions(app.db, query.from ?? vietnamDate(app.clock())),
  );
  mount(app, api.create, ({ body }, request) => service.createSession(app.db, staffOf(request), body));
  mount(app, api.overview, ({ query }, request) =>
    service.overview(app.db, staffOf(request), query, vietnamDate(app.clock())),
  );
  mount(app, api.schedule, ({ params }, request) =>
    booking.schedule(app.db, staffOf(request), params.id, app.clock()),
  );
  mount(app, api.slots, ({ params }) => service.listSlots(app.db, params.id));
  mount(app, api.book, ({ params, body }, request) =>
    booking.book(app.db, citizenOf(request), params.id, body, app.clock()),
  );
  mount(app, api.move, ({ params, body }, request) =>
    booking.move(app.db, citizenOf(request), params.id, body, app.clock()),
  );
  mount(app, api.cancelAppointment, ({ params }, request) =>
    booking.cancelAppointment(app.db, citizenOf(request), params.id, app.clock()),
  );
}
