import type { FastifyInstance } from 'fastify';
import { people as api } from '../../../shared/contracts/people.ts';
import { AppError } from '../../app-error.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import { listMerges, mergePeople } from './people.merge.ts';
import * as service from './people.service.ts';

/** The person registry for staff: search, read, create, update, identify walk-ins, merge. */
export async function peopleRoutes(app: FastifyInstance) {
  mount(app, api.search, ({ query }, request) => service.searchPeople(app.db, staffOf(request), query));
  mount(app, api.create, ({ body }, request) => service.createPerson(app.db, staffOf(request), body));
  mount(app, api.person, ({ params }, request) => service.readPerson(app.db, staffOf(request), params.id));
  mount(app, api.update, ({ params, body }, request) =>
    service.updatePerson(app.db, staffOf(request), params.id, body, app.clock()),
  );
  mount(app, api.identify, async ({ body }, request) => {
    // The failed attempt's audit entry is committed before the 404 goes out.
    const person = await service.identifyWalkIn(
      app.db,
      staffOf(request),
      body,
      app.clock(),
      app.security.walkInLinkHours,
    );
    if (!person) throw AppError.notFound('person.not_found');
    return person;
  });
  mount(app, api.merge, ({ body }, request) => mergePeople(app.db, staffOf(request), body, app.clock()));
  mount(app, api.merges, async ({ query }, request) => ({
    items: await listMerges(app.db, staffOf(request), query.limit, query.offset),
  }));
}
